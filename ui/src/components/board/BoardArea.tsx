// The element a board is drawn in: the page's main area, beside the left rail and below the top
// bar. It is laid out with the shell before any map opens, so a large board can tell which of its
// cards fit on screen from its size before the board itself is laid out (cards/firstView.ts).
import { createContext, type ReactNode, type RefObject, useRef } from "react";
import { languageFromLocale } from "../../i18n";
import { MapLanguageContext } from "../shared/mapLanguage";

export const BoardAreaContext = createContext<RefObject<HTMLElement | null> | null>(null);

/** The page's main area, which the board inside it sizes its first view by. */
export function BoardArea({ children }: { children: ReactNode }) {
  const area = useRef<HTMLElement>(null);
  return (
    <main className="main" ref={area}>
      <BoardAreaContext.Provider value={area}>{children}</BoardAreaContext.Provider>
    </main>
  );
}

/** An open map's pane, in the map's own language: its text's font and line breaking (base.css :lang). */
export function MapPane({ locale, children }: { locale: string | undefined; children: ReactNode }) {
  const language = locale ? languageFromLocale(locale) : null;
  return (
    <div className="map-pane" lang={language ?? undefined}>
      <MapLanguageContext.Provider value={language}>{children}</MapLanguageContext.Provider>
    </div>
  );
}
