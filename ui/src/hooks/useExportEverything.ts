// The state of "Export everything" for the screen that offers it: idle, running (with which
// project of how many in a browser), done (with what was written or downloaded) or failed. Closing
// the screen stops the browser downloads after the current one and ignores the answer.
import { useCallback, useEffect, useRef, useState } from "react";
import {
  type ExportAllOptions,
  type ExportAllProgress,
  type ExportAllResult,
  exportEverything,
} from "../api/exportAll";
import type { HostApi } from "../api/http";
import { useErrorText } from "../api/useErrorText";

export type ExportEverythingState =
  | { step: "idle" }
  | { step: "busy"; progress: ExportAllProgress | null }
  | { step: "done"; result: ExportAllResult }
  | { step: "failed"; message: string };

export function useExportEverything(
  api: HostApi,
  options: Omit<ExportAllOptions, "onProgress" | "signal"> = {},
): { state: ExportEverythingState; run: () => Promise<void> } {
  const describe = useErrorText();
  const [state, setState] = useState<ExportEverythingState>({ step: "idle" });
  const opts = useRef(options);
  opts.current = options;
  const abort = useRef<AbortController | null>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      abort.current?.abort();
    };
  }, []);

  const run = useCallback(async () => {
    if (abort.current) return;
    const ctrl = new AbortController();
    abort.current = ctrl;
    setState({ step: "busy", progress: null });
    try {
      const result = await exportEverything(api, {
        ...opts.current,
        signal: ctrl.signal,
        onProgress: (progress) => {
          if (alive.current) setState({ step: "busy", progress });
        },
      });
      if (alive.current) setState({ step: "done", result });
    } catch (e) {
      if (alive.current) setState({ step: "failed", message: describe(e) });
    } finally {
      abort.current = null;
    }
  }, [api, describe]);

  return { state, run };
}
