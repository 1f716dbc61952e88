// Finds the host this UI talks to: injected by the desktop shell, or the page's own origin plus the
// launch token from the address bar (kept in sessionStorage, removed from the visible URL). Also
// decides whether this page is the facilitator's app or a workshop participant's (resolveAppMode).
import { type ParticipantEntry, readParticipantEntry } from "../workshop/participant/entry";

export interface Endpoint {
  base: string;
  token: string;
}

declare global {
  interface Window {
    __WAYLINE_HOST__?: { url: string; token: string };
  }
}

const TOKEN_KEY = "wayline.token";

export function resolveEndpoint(win: Window = window): Endpoint {
  const injected = win.__WAYLINE_HOST__;
  if (injected?.url && injected.token) {
    return { base: injected.url.replace(/\/+$/, ""), token: injected.token };
  }
  const url = new URL(win.location.href);
  const fromQuery = url.searchParams.get("token");
  if (fromQuery) {
    try {
      win.sessionStorage.setItem(TOKEN_KEY, fromQuery);
    } catch {
      // storage may be unavailable (private mode); the token is still used for this page
    }
    url.searchParams.delete("token");
    win.history.replaceState(win.history.state, "", url.pathname + url.search + url.hash);
  }
  let token = fromQuery ?? "";
  if (!token) {
    try {
      token = win.sessionStorage.getItem(TOKEN_KEY) ?? "";
    } catch {
      token = "";
    }
  }
  return { base: win.location.origin, token };
}

export function webSocketUrl(ep: Endpoint): string {
  return `${ep.base.replace(/^http/, "ws")}/ws?token=${encodeURIComponent(ep.token)}`;
}

export type AppMode =
  | { kind: "facilitator"; endpoint: Endpoint }
  | { kind: "participant"; base: string; entry: ParticipantEntry };

/**
 * The facilitator's app when the page carries the launch token (`?token=`); a participant's when
 * it was opened with a join link or the code page, or this browser joined a workshop on this
 * origin (a participant's page also runs in the desktop window after its "Join workshop", where
 * the shell's injected host is not the page's own); otherwise the facilitator's app.
 */
export function resolveAppMode(win: Window = window): AppMode {
  if (!new URL(win.location.href).searchParams.has("token")) {
    const entry = readParticipantEntry(win);
    if (entry) return { kind: "participant", base: win.location.origin, entry };
  }
  return { kind: "facilitator", endpoint: resolveEndpoint(win) };
}
