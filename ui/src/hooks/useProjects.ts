// The project catalog with its maps and counts; refreshed on demand and every few seconds while the
// page is visible so counts stay current.
import { useCallback, useEffect, useState } from "react";
import type { HostApi } from "../api/http";
import type { ProjectSummary } from "../wire/ProjectSummary";

const POLL_MS = 5_000;

export function useProjects(api: HostApi, onError: (e: unknown) => void) {
  const [projects, setProjects] = useState<ProjectSummary[] | null>(null);

  const refresh = useCallback(async () => {
    try {
      setProjects(await api.projects());
    } catch (e) {
      onError(e);
    }
  }, [api, onError]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") void refresh();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  return { projects, refresh };
}
