// Which map this tab has open, kept in sessionStorage so that a reload (or the browser restoring
// the tab) reopens it. Read once while the script starts (startup/earlyStart.ts fetches that map
// ahead) and by the app shell, which also records each map opened or gone.

const OPEN_KEY = "wayline.openMap";

export interface OpenMapIds {
  projectId: string;
  mapId: string;
}

/** The map this tab had open, if any (nothing when storage is unavailable or the entry is bad). */
export function rememberedOpenMap(
  storage: Storage | null = sessionStorageOrNull(),
): OpenMapIds | null {
  try {
    const raw = storage?.getItem(OPEN_KEY);
    if (!raw) return null;
    const ids = JSON.parse(raw) as Partial<OpenMapIds> | null;
    if (typeof ids?.projectId !== "string" || typeof ids.mapId !== "string" || !ids.mapId)
      return null;
    return { projectId: ids.projectId, mapId: ids.mapId };
  } catch {
    return null;
  }
}

export function rememberOpenMap(
  ids: OpenMapIds,
  storage: Storage | null = sessionStorageOrNull(),
): void {
  try {
    storage?.setItem(OPEN_KEY, JSON.stringify(ids));
  } catch {
    // not remembered across reloads
  }
}

export function forgetOpenMap(storage: Storage | null = sessionStorageOrNull()): void {
  try {
    storage?.removeItem(OPEN_KEY);
  } catch {
    // nothing remembered
  }
}

function sessionStorageOrNull(): Storage | null {
  try {
    return typeof sessionStorage === "undefined" ? null : sessionStorage;
  } catch {
    return null; // storage refused (a sandboxed frame)
  }
}
