// Turns what someone pastes or types in "Join workshop" into the one page the window may open: a
// Wayline join link (http(s) with "#invite=…" or "#join"), or an address plus the short code. The
// invitation stays in the fragment, so it is never sent to any server; nothing else is accepted.
// The participant page (workshop/participant/entry.ts) reads `#invite=…`, `#join` and `#join=CODE`.
import { looksLikeCode, normaliseCode } from "../participant/code";

export type JoinProblem = "empty" | "notLink" | "noPort" | "badCode";
export type JoinTarget = { ok: true; url: string } | { ok: false; problem: JoinProblem };

function parseHttp(text: string): URL | null {
  try {
    const u = new URL(text);
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    if (u.username || u.password || !u.hostname) return null;
    return u;
  } catch {
    return null;
  }
}

/** The code page of a workshop, with the code when one was typed (`#join=ABCDEF`). */
function codePage(origin: string, code: string): JoinTarget {
  if (!code.trim()) return { ok: true, url: `${origin}/#join` };
  const c = normaliseCode(code);
  if (!looksLikeCode(c)) return { ok: false, problem: "badCode" };
  return { ok: true, url: `${origin}/#join=${c}` };
}

/**
 * `linkOrAddress` is a pasted join link (`http://192.168.1.20:4820/#invite=…`), a code page
 * (`…/#join`) or an address with its port (`192.168.1.20:4820`, `http://wayline.local:4820`);
 * `code` is the short code, only used with an address or a code page.
 */
export function joinTarget(linkOrAddress: string, code = ""): JoinTarget {
  const text = linkOrAddress.trim();
  if (!text) return { ok: false, problem: "empty" };
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  if (hasScheme && !/^https?:\/\//i.test(text)) return { ok: false, problem: "notLink" };
  const u = parseHttp(hasScheme ? text : `http://${text}`);
  if (!u) return { ok: false, problem: "notLink" };
  const invite = /^#invite=([A-Za-z0-9_-]{16,256})$/.exec(u.hash);
  if (invite) return { ok: true, url: `${u.origin}/#invite=${invite[1]}` };
  if (u.hash && u.hash !== "#join") return { ok: false, problem: "notLink" };
  if (u.search || (u.pathname !== "/" && u.pathname !== ""))
    return { ok: false, problem: "notLink" };
  // A bare address must name the port: the workshop never listens on the default http port.
  if (!u.port && !u.hash) return { ok: false, problem: "noPort" };
  return codePage(u.origin, code);
}
