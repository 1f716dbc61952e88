// "Export everything": every project written out as a `.wayline` bundle file, to keep a copy of a
// workshop's results somewhere else (what `wayline export-all --out DIR` does in a terminal). In
// the desktop window the shell asks for a folder and writes them all there; in a browser each
// project's bundle is fetched and handed to the download manager, one after another, and a project
// that fails does not stop the others.
import { desktopShell, type ExportFile, saveInBrowser, type TauriInternals } from "./export";
import { type HostApi, HostError } from "./http";

export interface ExportAllProgress {
  /** 1-based: the project being downloaded now. */
  current: number;
  total: number;
  project: string;
}

export interface ExportAllFailure {
  project: string;
  /** What went wrong, worded by the screen in the person's language (errorText). */
  error: unknown;
}

export type ExportAllResult =
  /** There is no project to export. */
  | { kind: "empty" }
  /** The desktop folder picker was cancelled. */
  | { kind: "cancelled" }
  /** The desktop shell wrote `projects` bundle files into `folder`. */
  | { kind: "written"; folder: string; projects: number }
  /**
   * The browser was given `downloaded` of `total` files; `stopped` when the screen closed before
   * the last one.
   */
  | {
      kind: "downloaded";
      downloaded: number;
      total: number;
      failures: ExportAllFailure[];
      stopped: boolean;
    };

export interface ExportAllOptions {
  /** The desktop shell; unless given, the window's (null in a plain browser). */
  shell?: TauriInternals | null;
  /** Hands one file to the browser (the download manager unless given). */
  save?: (file: ExportFile) => void;
  onProgress?: (p: ExportAllProgress) => void;
  /** Aborted: no further project is downloaded. */
  signal?: AbortSignal;
  /** Milliseconds between two browser downloads, so the browser takes each one in. */
  pause?: number;
}

function isApiError(v: unknown): v is { code: string; message: string } {
  return (
    typeof v === "object" &&
    v !== null &&
    typeof (v as { code?: unknown }).code === "string" &&
    typeof (v as { message?: unknown }).message === "string"
  );
}

/** The shell's `export_everything`: null when cancelled; failures become HostError. */
async function writeWithDesktop(shell: TauriInternals): Promise<ExportAllResult> {
  let result: unknown;
  try {
    result = await shell.invoke("export_everything");
  } catch (e) {
    if (isApiError(e)) throw new HostError(0, e);
    throw new HostError(0, {
      code: "desktop",
      message: e instanceof Error ? e.message : String(e),
    });
  }
  if (result === null || result === undefined) return { kind: "cancelled" };
  const { folder, projects } = result as { folder?: unknown; projects?: unknown };
  if (typeof folder !== "string" || typeof projects !== "number") {
    throw new HostError(0, {
      code: "desktop",
      message: "unexpected answer from export_everything",
    });
  }
  return projects === 0 ? { kind: "empty" } : { kind: "written", folder, projects };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Exports every project. Listing the projects or the desktop command failing rejects with a
 * HostError; in a browser a project that fails is reported in `failures` and the rest go on.
 */
export async function exportEverything(
  api: HostApi,
  options: ExportAllOptions = {},
): Promise<ExportAllResult> {
  const shell = "shell" in options ? (options.shell ?? null) : desktopShell();
  const { save = saveInBrowser, onProgress, signal, pause = 300 } = options;
  const projects = await api.projects();
  if (projects.length === 0) return { kind: "empty" };
  if (shell) return writeWithDesktop(shell);

  const failures: ExportAllFailure[] = [];
  let downloaded = 0;
  let stopped = false;
  for (const [i, project] of projects.entries()) {
    if (i > 0 && pause > 0) await sleep(pause);
    if (signal?.aborted) {
      stopped = true;
      break;
    }
    onProgress?.({ current: i + 1, total: projects.length, project: project.name });
    try {
      const file = await api.projectBundle(project.id, project.name);
      if (signal?.aborted) {
        stopped = true;
        break;
      }
      save(file);
      downloaded += 1;
    } catch (e) {
      failures.push({ project: project.name, error: e });
    }
  }
  return { kind: "downloaded", downloaded, total: projects.length, failures, stopped };
}
