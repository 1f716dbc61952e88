// What the map header needs from the app shell without threading props through the board: the API,
// the open map's project and its personas, and a way to open the persona panel.
import { createContext, useContext } from "react";
import type { HostApi } from "../api/http";
import type { Persona } from "../wire/Persona";

export interface CatalogContextValue {
  api: HostApi;
  projectId: string | null;
  personas: Persona[] | null;
  refreshPersonas: () => Promise<void>;
  openPersonas: (projectId: string) => void;
  /** Reloads the project list (e.g. after the map header renamed the map). */
  refreshProjects: () => void;
}

export const CatalogContext = createContext<CatalogContextValue | null>(null);

export function useCatalog(): CatalogContextValue {
  const v = useContext(CatalogContext);
  if (!v) throw new Error("useCatalog needs a CatalogContext provider (App.tsx)");
  return v;
}
