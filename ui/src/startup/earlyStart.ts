// Imported by main.tsx right after the start-up marks, so it runs before the rest of the script is
// evaluated (~150 ms on a 2-core laptop, more on a first visit): it decides whose page this is
// (the facilitator's app or a participant's), and when the tab reopens a map it starts fetching
// that map (sync/mapPrefetch.ts), compiling Loro's WebAssembly (doc/loroWasm.ts) and opening the
// browser's outbox (sync/idb.ts), all of which the map needs before it can be drawn. A tab that opens onto the project list starts
// neither, so the list paints as soon as it can.
import { type AppMode, resolveAppMode } from "../api/endpoint";
import { startLoro } from "../doc/loroWasm";
import { browserOutboxStorage } from "../sync/idb";
import { prefetchHostCopy } from "../sync/mapPrefetch";
import { rememberedOpenMap } from "./openMapMemory";

export const startupMode: AppMode = resolveAppMode();

if (startupMode.kind === "facilitator" && !window.__WAYLINE_STARTUP_ERROR__) {
  const reopening = rememberedOpenMap();
  if (reopening) {
    prefetchHostCopy(startupMode.endpoint, reopening.mapId);
    void startLoro();
    browserOutboxStorage()?.openAhead();
  }
}
