// The host's brainstorm routes in memory, as the component tests drive them: each writer gets an
// IdeasApi of their own; `online` false makes every call fail as a dropped Wi-Fi does.
import type { LoroDoc } from "loro-crdt";
import type { IdeasApi } from "../../src/api/brainstorm";
import { HostError } from "../../src/api/http";
import type { BrainstormIdea } from "../../src/wire/BrainstormIdea";

interface Kept extends BrainstormIdea {
  writer: string;
  round: number;
  revealed: boolean;
}

export class FakeIdeasHost {
  /** The host's replica of the map: where it writes the round, as the real one does. */
  constructor(private readonly doc: LoroDoc | null = null) {}

  online = true;
  round: number | null = null;
  open = false;
  readonly ideas = new Map<string, Kept>();
  readonly reveals: number[] = [];

  private reach(): void {
    if (!this.online) throw new HostError(0, { code: "network", message: "Failed to fetch" });
  }

  private writeRound(prompt: string, lane: string): void {
    if (!this.doc || this.round === null) return;
    const map = this.doc.getMap("workshop");
    const before = map.get("brainstorm") as Record<string, unknown> | undefined;
    map.set("brainstorm", {
      round: this.round,
      prompt: prompt || before?.prompt || "",
      lane: lane || before?.lane || "",
      open: this.open,
      revealed: 0,
    });
    this.doc.commit();
  }

  apiOf(writer: string): IdeasApi {
    return {
      overview: async () => {
        this.reach();
        const waiting = [...this.ideas.values()].filter(
          (i) => i.round === this.round && !i.revealed,
        );
        return {
          round: this.round,
          mine: waiting
            .filter((i) => i.writer === writer)
            .map(({ id, stage, text }) => ({ id, stage, text })),
          waiting: waiting.length,
          writers: new Set(waiting.map((i) => i.writer)).size,
        };
      },
      put: async (_map, id, idea) => {
        this.reach();
        const kept = this.ideas.get(id);
        if (kept && kept.writer !== writer)
          throw new HostError(409, {
            code: "idea_not_yours",
            message: "this idea is someone else's",
          });
        if (kept?.revealed)
          throw new HostError(409, {
            code: "idea_revealed",
            message: "this idea is on the board already",
          });
        if (idea.round !== this.round)
          throw new HostError(409, { code: "brainstorm_over", message: "that brainstorm is over" });
        this.ideas.set(id, { id, writer, revealed: false, ...idea });
        return { revealed_already: !this.open };
      },
      remove: async (_map, id) => {
        this.reach();
        const kept = this.ideas.get(id);
        if (kept && kept.writer === writer && !kept.revealed) this.ideas.delete(id);
      },
      reveal: async (_map, round) => {
        this.reach();
        this.reveals.push(round);
        let cards = 0;
        for (const i of this.ideas.values()) {
          if (i.round === round && !i.revealed) {
            i.revealed = true;
            cards += 1;
          }
        }
        this.open = false;
        this.writeRound("", "");
        return { cards };
      },
      start: async (_map, { prompt, lane }) => {
        this.reach();
        let late = 0;
        for (const i of this.ideas.values()) {
          if (i.round === this.round && !i.revealed) {
            i.revealed = true;
            late += 1;
          }
        }
        this.round = (this.round ?? 0) + 1;
        this.open = true;
        this.writeRound(prompt, lane);
        return { round: this.round, revealed_late: late };
      },
    };
  }
}
