// The host's brainstorm routes in memory, as the component tests drive them: each writer gets an
// IdeasApi of their own; `online` false makes every call fail as a dropped Wi-Fi does.
import type { IdeasApi } from "../../src/api/brainstorm";
import { HostError } from "../../src/api/http";
import type { BrainstormIdea } from "../../src/wire/BrainstormIdea";

interface Kept extends BrainstormIdea {
  writer: string;
  round: number;
  revealed: boolean;
}

export class FakeIdeasHost {
  online = true;
  round: number | null = null;
  open = false;
  readonly ideas = new Map<string, Kept>();
  readonly reveals: number[] = [];

  private reach(): void {
    if (!this.online) throw new HostError(0, { code: "network", message: "Failed to fetch" });
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
        return { cards };
      },
    };
  }
}
