// The Loro WebAssembly, compiled while the app's first screen renders. The app is built against
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

/** Resolves once Loro can be used (at once where the entry loads it on import). */
export const loroReady: Promise<void> = ready
  ? Promise.resolve()
  : (init as Init)().then(() => {
      ready = true;
    });

loroReady.catch((e: unknown) => console.error("the Loro WebAssembly could not be loaded", e));

/** True once Loro can be used; re-renders the caller when it becomes so. */
export function useLoroReady(): boolean {
  const [now, setNow] = useState(ready);
  useEffect(() => {
    if (now) return;
    let live = true;
    loroReady.then(
      () => live && setNow(true),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [now]);
  return now;
}
