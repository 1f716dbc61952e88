// The personas of one project, sorted by name; reloaded on demand (after edits, when a picker opens).
import { useCallback, useEffect, useState } from "react";
import type { HostApi } from "../api/http";
import type { Persona } from "../wire/Persona";

export function usePersonas(api: HostApi, projectId: string | null, onError: (e: unknown) => void) {
  const [personas, setPersonas] = useState<Persona[] | null>(null);

  const refresh = useCallback(async () => {
    if (!projectId) {
      setPersonas(null);
      return;
    }
    try {
      const list = await api.personas(projectId);
      if (!Array.isArray(list)) throw new Error("unexpected answer from the personas endpoint");
      setPersonas([...list].sort((a, b) => a.name.localeCompare(b.name)));
    } catch (e) {
      onError(e);
    }
  }, [api, projectId, onError]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return { personas, refresh };
}
