// One's own ideas of the map's brainstorm round and how the round is going: the host's copy, asked
// for when the round changes and every few seconds while it is open or its panel is (the count of
// ideas grows as others write, and late ones arrive after the reveal), with the changes still on their way laid over it (ideaOutbox.ts). Changes are
// sent one at a time, oldest first. One the host cannot take now — unreachable, busy, the map
// locked, the workshop paused — stays kept and is tried again a few seconds later; one it refuses
// for good is said with its text and kept in that notice until the person dismisses it, so
// nothing typed goes unsaid.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { IdeasApi } from "../../api/brainstorm";
import { HostError } from "../../api/http";
import { newId } from "../../doc/actions";
import type { BrainstormRound } from "../../doc/brainstorm";
import type { BrainstormIdea } from "../../wire/BrainstormIdea";
import { type IdeaChange, IdeaOutbox, type ShownIdea, shownIdeas } from "./ideaOutbox";
import { type IdeaNotice, KeptNotices } from "./keptNotices";

/** How often an open round's counts are asked for, and a failed send is tried again. */
export const IDEAS_POLL_MS = 3_000;

export interface Ideas {
  ideas: ShownIdea[];
  /** Ideas of the round waiting for a reveal (everyone's), and the people who wrote them. */
  waiting: number;
  writers: number;
  /** Changes are kept on this device because the host cannot take them now; tried again. */
  unsent: boolean;
  notices: IdeaNotice[];
  /** Writes a new idea (no id) or changes one's own. */
  write: (stage: string, text: string, id?: string) => void;
  remove: (id: string) => void;
  dismiss: (key: string) => void;
  /** Asks the host again now (after the reveal). */
  refresh: () => void;
}

/**
 * Whether a change the host did not take may be sent again later: the host could not be reached
 * or was busy (status 0, 429, 5xx), or this person may not write just now (401, 403, 410: a
 * locked map, a paused or ended workshop) — kept, not dropped. Anything else is a refusal.
 */
function keepForLater(e: unknown): boolean {
  if (!(e instanceof HostError)) return true;
  return [0, 401, 403, 410, 429].includes(e.status) || e.status >= 500;
}

export function useIdeas(
  api: IdeasApi,
  mapId: string,
  round: BrainstormRound | null,
  /** The panel is open: asked for every few seconds even after the reveal (late ideas). */
  watching: boolean,
): Ideas {
  const outbox = useMemo(() => new IdeaOutbox(mapId), [mapId]);
  const kept = useMemo(() => new KeptNotices(mapId), [mapId]);
  const [stored, setStored] = useState<BrainstormIdea[]>([]);
  const [counts, setCounts] = useState({ waiting: 0, writers: 0 });
  const [pending, setPending] = useState<readonly IdeaChange[]>(() => outbox.pending());
  const [unsent, setUnsent] = useState(false);
  const [notices, setNotices] = useState<IdeaNotice[]>(() => kept.all());
  const sending = useRef(false);
  const alive = useRef(true);
  const retry = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // Answers to the host's copy are taken in the order they were asked for: a slow older one must
  // not hide an idea a newer one has.
  const asked = useRef(0);
  const shown = useRef<ShownIdea[]>([]);
  /** For each "late" notice made here: the last ask made before it (its answer may predate it). */
  const lateAt = useRef(new Map<string, number>());

  const refresh = useCallback(() => {
    asked.current += 1;
    const ask = asked.current;
    api.overview(mapId).then(
      (o) => {
        if (!alive.current || ask !== asked.current) return;
        setStored(o.mine);
        setCounts({ waiting: o.waiting, writers: o.writers });
        // "It waits for the next reveal" is over once the idea is not waiting any more; an answer
        // asked before the notice was made does not know of the idea yet.
        const waiting = new Set(o.mine.map((i) => i.id));
        setNotices(kept.forgetRevealed(waiting, (key) => ask > (lateAt.current.get(key) ?? 0)));
      },
      () => {
        // Offline: what is shown stays; the next ask or send tells.
      },
    );
  }, [api, mapId, kept]);

  const flush = useCallback(async () => {
    if (sending.current) return;
    sending.current = true;
    clearTimeout(retry.current);
    try {
      outbox.reload();
      for (;;) {
        const change = outbox.pending()[0];
        if (!change || !alive.current) break;
        const text =
          change.kind === "put"
            ? change.text
            : (shown.current.find((i) => i.id === change.id)?.text ?? "");
        try {
          if (change.kind === "put") {
            const { round: r, stage } = change;
            const saved = await api.put(mapId, change.id, { round: r, stage, text });
            if (saved.revealed_already) {
              lateAt.current.set(change.id, asked.current);
              setNotices(kept.add({ kind: "late", text, message: "" }, change.id));
            }
          } else {
            await api.remove(mapId, change.id);
          }
          setUnsent(false);
        } catch (e) {
          if (keepForLater(e)) {
            setUnsent(true);
            retry.current = setTimeout(() => void flush(), IDEAS_POLL_MS);
            break;
          }
          const message = e instanceof Error ? e.message : String(e);
          const code = e instanceof HostError ? e.code : undefined;
          setNotices(
            kept.add({ kind: "refused", text, message, code }, `${change.id}:${change.kind}`),
          );
        }
        outbox.settle(change);
        setPending(outbox.pending());
      }
    } finally {
      sending.current = false;
      if (alive.current) {
        setPending(outbox.pending());
        refresh();
      }
    }
  }, [api, mapId, outbox, kept, refresh]);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      clearTimeout(retry.current);
    };
  }, []);

  const roundNumber = round?.round ?? null;
  // Asked again at once when the round opens or is revealed (one's ideas are then on the board).
  const roundOpen = round?.open ?? false;
  const polling = roundOpen || watching;
  // biome-ignore lint/correctness/useExhaustiveDependencies: roundOpen is what asks again at its change
  useEffect(() => {
    if (roundNumber === null) return;
    refresh();
    void flush();
    if (!polling) return;
    const id = setInterval(() => {
      refresh();
      // Another tab of this person's may have kept changes meanwhile.
      outbox.reload();
      if (outbox.pending().length > 0) void flush();
    }, IDEAS_POLL_MS);
    return () => clearInterval(id);
  }, [roundNumber, roundOpen, polling, refresh, flush, outbox]);

  const write = useCallback(
    (stage: string, text: string, id?: string) => {
      if (roundNumber === null) return;
      outbox.add({ kind: "put", id: id ?? newId(), round: roundNumber, stage, text });
      setPending(outbox.pending());
      void flush();
    },
    [outbox, roundNumber, flush],
  );
  const remove = useCallback(
    (id: string) => {
      outbox.add({ kind: "remove", id });
      setPending(outbox.pending());
      void flush();
    },
    [outbox, flush],
  );
  const dismiss = useCallback((key: string) => setNotices(kept.dismiss(key)), [kept]);

  const ideas = useMemo(
    () => (roundNumber === null ? [] : shownIdeas(stored, pending, roundNumber)),
    [stored, pending, roundNumber],
  );
  shown.current = ideas;
  return { ideas, ...counts, unsent, notices, write, remove, dismiss, refresh };
}
