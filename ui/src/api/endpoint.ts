// Finds the host this UI talks to: injected by the desktop shell, or the page's own origin plus the
// launch token from the address bar (kept in sessionStorage, removed from the visible URL).

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
