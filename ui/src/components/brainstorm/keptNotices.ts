// What the host said about one's ideas that did not go as written, kept in localStorage (per origin
// and map) like the changes themselves, until the person dismisses each: a refusal is said with
// the idea's text, so nothing typed is lost with the page.
/**
 * What the host said about an idea that did not go as written, kept (like the changes) until the
 * person dismisses it: "late" — its round had been revealed, it waits for the next reveal;
 * "refused" — the host would not take it, said with the idea's text so that nothing typed is lost.
 */
export interface IdeaNotice {
  key: string;
  kind: "late" | "refused";
  text: string;
  /** The host's words (English), shown when the page has none of its own for `code`. */
  message: string;
  /** The host's code for a refusal, which the page words in the person's language. */
  code?: string;
}

const NOTICES = "wayline.ideas.notices.";

function isNotice(v: unknown): v is IdeaNotice {
  if (!v || typeof v !== "object") return false;
  const n = v as Record<string, unknown>;
  return (
    typeof n.key === "string" &&
    (n.kind === "late" || n.kind === "refused") &&
    typeof n.text === "string" &&
    typeof n.message === "string" &&
    (n.code === undefined || typeof n.code === "string")
  );
}

export class KeptNotices {
  constructor(
    private readonly mapId: string,
    private readonly storage: Storage | null = globalThis.localStorage ?? null,
  ) {}

  all(): IdeaNotice[] {
    try {
      const raw = this.storage?.getItem(NOTICES + this.mapId);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? parsed.filter(isNotice) : [];
    } catch {
      return [];
    }
  }

  private write(notices: IdeaNotice[]): IdeaNotice[] {
    try {
      if (notices.length === 0) this.storage?.removeItem(NOTICES + this.mapId);
      else this.storage?.setItem(NOTICES + this.mapId, JSON.stringify(notices));
    } catch {
      // Storage full or refused: the notice is still shown until the page closes.
    }
    return notices;
  }

  add(notice: Omit<IdeaNotice, "key">, key: string): IdeaNotice[] {
    return this.write([...this.all().filter((n) => n.key !== key), { ...notice, key }]);
  }

  dismiss(key: string): IdeaNotice[] {
    return this.write(this.all().filter((n) => n.key !== key));
  }

  /**
   * Forgets the "late" notices of ideas that are no longer waiting (`waiting`: the ids of one's
   * ideas the host still holds back): revealed since, or of a round that is over. `mayForget`
   * says whether the host's answer is recent enough to speak for a notice.
   */
  forgetRevealed(waiting: ReadonlySet<string>, mayForget: (key: string) => boolean): IdeaNotice[] {
    const all = this.all();
    const kept = all.filter((n) => n.kind !== "late" || waiting.has(n.key) || !mayForget(n.key));
    return kept.length === all.length ? all : this.write(kept);
  }
}
