// Whether the browser believes it has a network, followed as it changes. A socket that is down
// while the browser is online means the host does not answer (stopped, asleep, another network),
// not that this device's Wi-Fi dropped: the two are said differently.
import { useSyncExternalStore } from "react";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("online", onChange);
  window.addEventListener("offline", onChange);
  return () => {
    window.removeEventListener("online", onChange);
    window.removeEventListener("offline", onChange);
  };
}

export function useOnline(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => globalThis.navigator?.onLine ?? true,
    () => true,
  );
}
