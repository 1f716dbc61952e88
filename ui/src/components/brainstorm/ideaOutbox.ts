// A person's brainstorm ideas on their way to the host. Each write and removal is kept in
// localStorage (per origin and map) until the host has stored it, so an idea written while the
// Wi-Fi is down, or just before a reload, is sent when the host can be reached again; nothing is
// dropped unsaid. Writes name the idea by an id made here, so sending one again changes nothing.
// What the person sees is the host's copy of their ideas with these changes laid over it.
import type { BrainstormIdea } from "../../wire/BrainstormIdea";

export type IdeaChange =
  | { kind: "put"; id: string; round: number; stage: string; text: string }
  | { kind: "remove"; id: string };

/** One of one's own ideas as shown: `waiting` until the host has it. */
export interface ShownIdea extends BrainstormIdea {
  waiting: boolean;
}

const PREFIX = "wayline.ideas.";

function isChange(v: unknown): v is IdeaChange {
  if (!v || typeof v !== "object") return false;
  const c = v as Record<string, unknown>;
  if (typeof c.id !== "string") return false;
  if (c.kind === "remove") return true;
  return (
    c.kind === "put" &&
    typeof c.round === "number" &&
    typeof c.stage === "string" &&
    typeof c.text === "string"
  );
}

export class IdeaOutbox {
  private changes: IdeaChange[];

  constructor(
    private readonly mapId: string,
    private readonly storage: Storage | null = globalThis.localStorage ?? null,
  ) {
    this.changes = this.read();
  }

  private read(): IdeaChange[] {
    try {
      const raw = this.storage?.getItem(PREFIX + this.mapId);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? parsed.filter(isChange) : [];
    } catch {
      return [];
    }
  }

  private write(): void {
    try {
      if (this.changes.length === 0) this.storage?.removeItem(PREFIX + this.mapId);
      else this.storage?.setItem(PREFIX + this.mapId, JSON.stringify(this.changes));
    } catch {
      // Storage full or refused (a private window): the change is still held in memory and sent.
    }
  }

  /** Changes not yet stored by the host, oldest first (another tab's too, after a reload). */
  pending(): readonly IdeaChange[] {
    return this.changes;
  }

  /** Keeps a change; a later one to the same idea replaces what was still waiting for it. */
  add(change: IdeaChange): void {
    this.changes = this.read().filter((c) => c.id !== change.id);
    this.changes.push(change);
    this.write();
  }

  /** Forgets `change` once the host answered it (unless a newer one to its idea came meanwhile). */
  settle(change: IdeaChange): void {
    this.changes = this.read().filter((c) => !sameChange(c, change));
    this.write();
  }

  /** Reads again what another tab may have kept. */
  reload(): void {
    this.changes = this.read();
  }
}

function sameChange(a: IdeaChange, b: IdeaChange): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The host's copy of one's ideas with the waiting changes of `round` laid over it. */
export function shownIdeas(
  stored: readonly BrainstormIdea[],
  pending: readonly IdeaChange[],
  round: number,
): ShownIdea[] {
  const out: ShownIdea[] = stored.map((i) => ({ ...i, waiting: false }));
  for (const change of pending) {
    const at = out.findIndex((i) => i.id === change.id);
    if (change.kind === "remove") {
      if (at >= 0) out.splice(at, 1);
      continue;
    }
    if (change.round !== round) continue;
    const shown = { id: change.id, stage: change.stage, text: change.text, waiting: true };
    if (at >= 0) out[at] = shown;
    else out.push(shown);
  }
  return out;
}
