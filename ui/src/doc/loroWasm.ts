// The Loro WebAssembly, compiled when the first map is opened, or 1.5 s after start (its bytes are
// preloaded with the page, vite.config.ts). The app is built against
// loro-crdt's `web` entry (vite.config.ts), whose module is fetched and compiled asynchronously and
// streamed (the browser compiles as the bytes arrive and keeps the compiled code in its cache), so
// the project list paints at once; before, loro-crdt's `browser` entry fetched and compiled it
// synchronously before the first line of the app ran (~0.8 s on a 2-core laptop). Nothing may call
// into Loro before it is ready: the map and its presence channel open only once `useLoroReady`
// says so. Under Node (Vitest) the package's Node entry has it ready on import.
import * as loro from "loro-crdt";
import { useEffect, useState } from "react";

type Init = () => Promise<unknown>;

const init = (loro as unknown as { default?: Init }).default;

let ready = typeof init !== "function";
let started: Promise<void> | null = null;

/**
 * Starts compiling Loro (once) and resolves when it can be used. Nothing before a map opens needs
 * it: the desktop window's project list painted ~0.2 s sooner without the compile in its way.
 */
export function startLoro(): Promise<void> {
  if (ready) return Promise.resolve();
  if (!started) {
    started = (init as Init)().then(() => {
      ready = true;
    });
    started.catch((e: unknown) => console.error("the Loro WebAssembly could not be loaded", e));
  }
  return started;
}

/** After the first screen, compile it anyway, so that opening the first map does not wait. */
export const WARM_UP_MS = 1_500;
if (!ready && typeof window !== "undefined") setTimeout(() => void startLoro(), WARM_UP_MS);

/**
 * True once Loro can be used; re-renders the caller when it becomes so. `wanted` false (no map
 * to open yet) does not start it.
 */
export function useLoroReady(wanted = true): boolean {
  const [now, setNow] = useState(ready);
  useEffect(() => {
    if (now || !wanted) return;
    let live = true;
    startLoro().then(
      () => live && setNow(true),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [now, wanted]);
  return now;
}
