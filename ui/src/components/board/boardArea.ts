// The element a board is drawn in: the page's main area, beside the left rail and below the top
// bar. It is laid out with the shell before any map opens, so a large board can tell which of its
// cards fit on screen from its size before the board itself is laid out (cards/firstView.ts).
import { createContext, type RefObject } from "react";

export const BoardAreaContext = createContext<RefObject<HTMLElement | null> | null>(null);
