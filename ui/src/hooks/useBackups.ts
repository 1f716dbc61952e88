// The backups for the Restore screen: the list (newest first, loaded when the screen opens and
// after "Back up now") and, per backup once it is selected, what it holds. A failure is kept as a
// message for the screen to show next to what failed.
import { useCallback, useEffect, useState } from "react";
import { backupContents, listBackups } from "../api/backups";
import type { HostApi } from "../api/http";
import { useErrorText } from "../api/useErrorText";
import type { BackupContents } from "../wire/BackupContents";
import type { BackupInfo } from "../wire/BackupInfo";

export type ContentsState =
  | { status: "loading" }
  | { status: "ready"; contents: BackupContents }
  | { status: "failed"; message: string };

export function useBackupList(api: HostApi) {
  const describe = useErrorText();
  const [backups, setBackups] = useState<BackupInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      const list = await listBackups(api);
      if (!Array.isArray(list)) throw new Error("unexpected answer from /api/backups");
      setBackups(list);
      setError(null);
    } catch (e) {
      setError(describe(e));
    }
  }, [api, describe]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { backups, error, reload };
}

/** What each backup holds; the screen reads a backup once (a backup never changes), again after a failure. */
export function useBackupContents(api: HostApi) {
  const describe = useErrorText();
  const [byName, setByName] = useState<Record<string, ContentsState>>({});
  const load = useCallback(
    async (name: string) => {
      setByName((cur) => ({ ...cur, [name]: { status: "loading" } }));
      try {
        const contents = await backupContents(api, name);
        setByName((cur) => ({ ...cur, [name]: { status: "ready", contents } }));
      } catch (e) {
        setByName((cur) => ({ ...cur, [name]: { status: "failed", message: describe(e) } }));
      }
    },
    [api, describe],
  );
  return { byName, load };
}
