// The trashed maps (all projects), loaded when the trash view opens and after each change.
import { useCallback, useEffect, useState } from "react";
import type { HostApi } from "../api/http";
import type { TrashedMap } from "../wire/TrashedMap";

export function useTrash(api: HostApi, onError: (e: unknown) => void) {
  const [items, setItems] = useState<TrashedMap[] | null>(null);

  const refresh = useCallback(async () => {
    try {
      const list = await api.trash();
      if (!Array.isArray(list)) throw new Error("unexpected answer from /api/trash");
      setItems([...list].sort((a, b) => b.deleted_at - a.deleted_at));
    } catch (e) {
      onError(e);
    }
  }, [api, onError]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return { items, refresh };
}
