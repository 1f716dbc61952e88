// What changed since a version, asked of the host (GET /api/maps/{id}/changes), kept with the
// comparison it answers. Comparing with the live map follows it without flooding the host: at most
// one request is in flight, and edits made meanwhile (anyone's) bring one more request at most
// every REFRESH_MS, however busy the room is. The host compares what it has stored, so a request
// waits until this window's own edits reached it (`ready`).
import i18next from "i18next";
import { useEffect, useRef, useState } from "react";
import { errorText } from "../../api/errorText";
import type { HostApi } from "../../api/http";
import type { MapChanges } from "../../wire/MapChanges";

const REFRESH_MS = 800;

export interface Changes {
  changes: MapChanges | null;
  error: string | null;
}

export function useChanges(
  api: HostApi,
  mapId: string,
  from: string | null,
  to: string | null,
  ready: boolean,
  liveVersion: number,
): Changes {
  const key = from ? `${from}>${to ?? ""}` : "";
  const [result, setResult] = useState<{ key: string; changes: MapChanges } | null>(null);
  const [failure, setFailure] = useState<{ key: string; message: string } | null>(null);
  const latest = useRef({ key, from, to, ready });
  latest.current = { key, from, to, ready };
  const flow = useRef({ inFlight: false, again: false, timer: 0 });

  const ask = useRef(() => {});
  const schedule = useRef(() => {});
  ask.current = () => {
    const s = flow.current;
    const now = latest.current;
    if (!now.from) return;
    if (s.inFlight || !now.ready) {
      s.again = true;
      return;
    }
    s.inFlight = true;
    s.again = false;
    const asked = now.key;
    api
      .mapChanges(mapId, now.from, now.to)
      .then(
        (changes) => {
          if (latest.current.key !== asked) return;
          setResult({ key: asked, changes });
          setFailure(null);
        },
        (e: unknown) => {
          if (latest.current.key === asked)
            setFailure({ key: asked, message: errorText(e, i18next.t) });
        },
      )
      .finally(() => {
        s.inFlight = false;
        if (s.again) schedule.current();
      });
  };
  schedule.current = () => {
    const s = flow.current;
    if (s.timer) return;
    s.timer = window.setTimeout(() => {
      s.timer = 0;
      ask.current();
    }, REFRESH_MS);
  };

  // A new comparison, or this window's edits all stored: ask now.
  const seen = useRef(liveVersion);
  useEffect(() => {
    if (key && ready) ask.current();
  }, [key, ready]);
  // The live map changed while compared with it: ask again soon (at most once per REFRESH_MS).
  const followsLive = key !== "" && to === null;
  useEffect(() => {
    if (!followsLive || liveVersion === seen.current) return;
    seen.current = liveVersion;
    schedule.current();
  }, [followsLive, liveVersion]);
  useEffect(() => () => window.clearTimeout(flow.current.timer), []);

  return {
    changes: result?.key === key && key ? result.changes : null,
    error: failure?.key === key && key ? failure.message : null,
  };
}
