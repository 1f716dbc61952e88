// One's own ideas of the map's brainstorm round and how the round is going: the host's copy, asked
// for when the round changes and every few seconds while it is open (the count of ideas grows as
// others write), with the changes still on their way laid over it (ideaOutbox.ts). Changes are
// sent one at a time, oldest first; a network failure or a busy host keeps them and tries again
// a few seconds later, a refusal is said with the text it concerned, so nothing goes unsaid.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { IdeasApi } from "../../api/brainstorm";
import { HostError } from "../../api/http";
import { newId } from "../../doc/actions";
import type { BrainstormRound } from "../../doc/brainstorm";
import type { BrainstormIdea } from "../../wire/BrainstormIdea";
import { type IdeaChange, IdeaOutbox, type ShownIdea, shownIdeas } from "./ideaOutbox";

/** How often an open round's counts are asked for, and a failed send is tried again. */
export const IDEAS_POLL_MS = 3_000;

export interface IdeaNotice {
  key: number;
  /** "onBoard": it arrived after the reveal and is a card now; "refused": the host said no. */
  kind: "onBoard" | "refused";
  text: string;
  message: string;
}

export interface Ideas {
  ideas: ShownIdea[];
  /** Ideas of the round waiting for the reveal (everyone's), and the people who wrote them. */
  waiting: number;
  writers: number;
  /** The last send could not reach the host; it is tried again. */
  unsent: boolean;
  notices: IdeaNotice[];
  /** Writes a new idea (no id) or changes one's own. */
  write: (stage: string, text: string, id?: string) => void;
  remove: (id: string) => void;
  dismiss: (key: number) => void;
  /** Asks the host again now (after the reveal). */
  refresh: () => void;
}

/** Whether a failed send is worth trying again (the host could not be reached, or was busy). */
function retryable(e: unknown): boolean {
  if (!(e instanceof HostError)) return true;
  return e.status === 0 || e.status === 429 || e.status >= 500;
}

export function useIdeas(api: IdeasApi, mapId: string, round: BrainstormRound | null): Ideas {
  const outbox = useMemo(() => new IdeaOutbox(mapId), [mapId]);
  const [stored, setStored] = useState<BrainstormIdea[]>([]);
  const [counts, setCounts] = useState({ waiting: 0, writers: 0 });
  const [pending, setPending] = useState<readonly IdeaChange[]>(() => outbox.pending());
  const [unsent, setUnsent] = useState(false);
  const [notices, setNotices] = useState<IdeaNotice[]>([]);
  const sending = useRef(false);
  const alive = useRef(true);
  const retry = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const noticeKey = useRef(0);

  const say = useCallback((kind: IdeaNotice["kind"], text: string, message = "") => {
    noticeKey.current += 1;
    const key = noticeKey.current;
    setNotices((n) => [...n.slice(-2), { key, kind, text, message }]);
  }, []);

  const refresh = useCallback(() => {
    api.overview(mapId).then(
      (o) => {
        if (!alive.current) return;
        setStored(o.mine);
        setCounts({ waiting: o.waiting, writers: o.writers });
      },
      () => {
        // Offline: what is shown stays; the next ask or send tells.
      },
    );
  }, [api, mapId]);

  const flush = useCallback(async () => {
    if (sending.current) return;
    sending.current = true;
    clearTimeout(retry.current);
    try {
      outbox.reload();
      for (;;) {
        const change = outbox.pending()[0];
        if (!change || !alive.current) break;
        try {
          if (change.kind === "put") {
            const { round: r, stage, text } = change;
            const saved = await api.put(mapId, change.id, { round: r, stage, text });
            if (saved.on_board) say("onBoard", text);
          } else {
            await api.remove(mapId, change.id);
          }
          setUnsent(false);
        } catch (e) {
          if (retryable(e)) {
            setUnsent(true);
            retry.current = setTimeout(() => void flush(), IDEAS_POLL_MS);
            break;
          }
          say("refused", change.kind === "put" ? change.text : "", (e as Error).message);
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
  }, [api, mapId, outbox, refresh, say]);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      clearTimeout(retry.current);
    };
  }, []);

  const roundNumber = round?.round ?? null;
  const open = round?.open ?? false;
  useEffect(() => {
    if (roundNumber === null) return;
    refresh();
    void flush();
    if (!open) return;
    const id = setInterval(() => {
      refresh();
      // Another tab of this person's may have kept changes meanwhile.
      outbox.reload();
      if (outbox.pending().length > 0) void flush();
    }, IDEAS_POLL_MS);
    return () => clearInterval(id);
  }, [roundNumber, open, refresh, flush, outbox]);

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
  const dismiss = useCallback((key: number) => {
    setNotices((n) => n.filter((x) => x.key !== key));
  }, []);

  const ideas = useMemo(
    () => (roundNumber === null ? [] : shownIdeas(stored, pending, roundNumber)),
    [stored, pending, roundNumber],
  );
  return { ideas, ...counts, unsent, notices, write, remove, dismiss, refresh };
}
