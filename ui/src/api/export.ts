// Exports of a map (PDF report, CSV of cards, the map as a picture (SVG, PNG), the action plan as
// CSV and its due dates as .ics): fetched from the host with progress and saved by a
// browser download, or, in the desktop window, written by the shell's `export_map` command behind
// a native save dialog.
import type { Endpoint } from "./endpoint";
import { HostError } from "./http";

/**
 * The report, the cards, the map as a picture, the action plan and its due dates (a calendar
 * file): the host's formats (crates/host/src/export.rs FORMATS; a Vitest reads that list).
 */
export type ExportFormat = "pdf" | "csv" | "metrics-csv" | "svg" | "png" | "actions-csv" | "ics";
/** The report's papers (crates/report/src/pdf/mod.rs `Paper::ALL`; a Vitest reads that list). */
export type Paper =
  | "a4-portrait"
  | "a4-landscape"
  | "a3-portrait"
  | "a3-landscape"
  | "letter-portrait"
  | "letter-landscape";

export const EXPORT_FORMATS: readonly ExportFormat[] = [
  "pdf",
  "csv",
  "metrics-csv",
  "svg",
  "png",
  "actions-csv",
  "ics",
];
/** In the order the dialog offers them. */
export const PAPERS: readonly Paper[] = [
  "a4-portrait",
  "a4-landscape",
  "a3-portrait",
  "a3-landscape",
  "letter-portrait",
  "letter-landscape",
];
export const DEFAULT_PAPER: Paper = "a4-landscape";

export interface ExportProgress {
  /** Bytes of the body received so far. */
  received: number;
  /** The body's size when the host sent a Content-Length, else null. */
  total: number | null;
}

export interface ExportFile {
  blob: Blob;
  fileName: string;
}

/** Strips anything that could make a file name a path. */
function safeName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? "";
  return [...base]
    .filter((c) => c.charCodeAt(0) >= 0x20)
    .join("")
    .trim();
}

function unquote(v: string): string {
  const s = v.trim();
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) {
    return s.slice(1, -1).replace(/\\(.)/g, "$1");
  }
  return s;
}

/** The file name of a Content-Disposition header: `filename*` (RFC 5987) first, then `filename`. */
export function fileNameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const extended = /(?:^|;)\s*filename\*\s*=\s*([^;]+)/i.exec(header)?.[1];
  if (extended) {
    const m = /^([^']*)'[^']*'(.*)$/.exec(unquote(extended));
    if (m && /^utf-8$/i.test(m[1] ?? "")) {
      try {
        const name = safeName(decodeURIComponent(m[2] ?? ""));
        if (name) return name;
      } catch {
        // malformed percent-encoding: try the plain parameter
      }
    }
  }
  const plain = /(?:^|;)\s*filename\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/i.exec(header)?.[1];
  if (plain) {
    const name = safeName(unquote(plain));
    if (name) return name;
  }
  return fallback;
}

function exportPath(mapId: string, format: ExportFormat, paper: Paper): string {
  const q = new URLSearchParams({ format });
  if (format === "pdf") q.set("paper", paper);
  return `/api/maps/${encodeURIComponent(mapId)}/export?${q.toString()}`;
}

function isApiError(v: unknown): v is { code: string; message: string } {
  return (
    typeof v === "object" &&
    v !== null &&
    typeof (v as { code?: unknown }).code === "string" &&
    typeof (v as { message?: unknown }).message === "string"
  );
}

function networkError(e: unknown): HostError {
  return new HostError(0, { code: "network", message: e instanceof Error ? e.message : String(e) });
}

async function errorOf(res: Response): Promise<HostError> {
  const text = await res.text().catch(() => "");
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  return new HostError(
    res.status,
    isApiError(parsed) ? parsed : { code: `http_${res.status}`, message: res.statusText },
  );
}

/** Reads the body chunk by chunk, reporting the bytes received after each one. */
async function readBody(
  res: Response,
  onProgress: (p: ExportProgress) => void,
): Promise<BlobPart[]> {
  const length = Number(res.headers.get("Content-Length"));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  onProgress({ received: 0, total });
  if (!res.body) {
    const all = await res.arrayBuffer();
    onProgress({ received: all.byteLength, total });
    return [all];
  }
  const reader = res.body.getReader();
  const chunks: BlobPart[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.byteLength;
    onProgress({ received, total });
  }
  return chunks;
}

/**
 * Fetches the export of a map with the launch token. Network failures and non-2xx answers become
 * HostError; the body is streamed so `onProgress` can show how much arrived.
 */
export async function downloadExport(
  ep: Endpoint,
  mapId: string,
  format: ExportFormat,
  paper: Paper,
  onProgress: (p: ExportProgress) => void = () => {},
  signal?: AbortSignal,
): Promise<ExportFile> {
  let res: Response;
  try {
    res = await fetch(ep.base + exportPath(mapId, format, paper), {
      method: "GET",
      headers: { Authorization: `Bearer ${ep.token}` },
      signal,
    });
  } catch (e) {
    throw networkError(e);
  }
  if (!res.ok) throw await errorOf(res);
  const type = res.headers.get("Content-Type") ?? "";
  // an HTML page (e.g. from an older host without exports) is not a report
  if (type.startsWith("text/html")) {
    throw new HostError(res.status, { code: "not_an_export", message: type });
  }
  let chunks: BlobPart[];
  try {
    chunks = await readBody(res, onProgress);
  } catch (e) {
    throw networkError(e);
  }
  const fallback = format === "pdf" ? "map.pdf" : "map.csv";
  return {
    blob: new Blob(chunks, { type: type || "application/octet-stream" }),
    fileName: fileNameFromDisposition(res.headers.get("Content-Disposition"), fallback),
  };
}

/** Hands a file to the browser's download manager. */
export function saveInBrowser(file: ExportFile, doc: Document = document): void {
  const url = URL.createObjectURL(file.blob);
  const a = doc.createElement("a");
  a.href = url;
  a.download = file.fileName;
  a.rel = "noopener";
  a.style.display = "none";
  doc.body.appendChild(a);
  a.click();
  a.remove();
  // the download has started reading the blob by now; give slow browsers a moment anyway
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// The desktop shell (Tauri) exposes its commands through this object.
export interface TauriInternals {
  invoke(cmd: string, args?: Record<string, unknown>): Promise<unknown>;
}

declare global {
  interface Window {
    __TAURI_INTERNALS__?: TauriInternals;
  }
}

/** The desktop shell's command bridge, or null in a plain browser. */
export function desktopShell(win: Window = window): TauriInternals | null {
  return "__TAURI_INTERNALS__" in win && win.__TAURI_INTERNALS__ ? win.__TAURI_INTERNALS__ : null;
}

/**
 * Lets the desktop shell export and save the map behind a native save dialog. Resolves with the
 * saved path, or null when the user cancelled the dialog; failures become HostError.
 */
export async function saveWithDesktop(
  shell: TauriInternals,
  mapId: string,
  format: ExportFormat,
  paper: Paper,
): Promise<string | null> {
  let result: unknown;
  try {
    result = await shell.invoke("export_map", { mapId, format, paper });
  } catch (e) {
    if (isApiError(e)) throw new HostError(0, e);
    const message = e instanceof Error ? e.message : String(e);
    throw new HostError(0, { code: "desktop", message });
  }
  return typeof result === "string" ? result : null;
}
