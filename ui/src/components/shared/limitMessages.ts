// The words for the map's size limits (doc/mapLimits.ts) and for a change the host did not accept,
// with the numbers taken from the generated limits (wire/limits.ts) and written in the UI
// language's number format, so no translation repeats a number that could drift from the host's.
import { codeSentence } from "../../api/errorText";
import type { LimitHit } from "../../doc/mapLimits";
import { MAP_LIMITS } from "../../doc/mapLimits";
import { numberFormat } from "../../i18n/formats";
import type { SyncError } from "../../sync/types";
import { MAX_CARD_TEXT_CHARS, MAX_TITLE_CHARS } from "../../wire/limits";

type Translate = (key: string, options?: Record<string, string | number>) => string;

/** A count as the UI language writes it (5,000 in English and Chinese alike). */
export function formatCount(n: number, language: string): string {
  return numberFormat(language).format(n);
}

/** "This map holds at most 5,000 cards — …", in the language of `t`. */
export function limitMessage(t: Translate, language: string, hit: LimitHit): string {
  return t(`board.limit.${hit.kind}`, { limit: formatCount(hit.limit, language) });
}

/**
 * Refusals that say nothing about the change itself: the host could not store it, or it came too
 * fast or too slowly. Any other refusal (InvalidUpdate, PayloadTooLarge) is about its content: it
 * was invalid or would break one of the map's limits.
 */
const NOT_ABOUT_CONTENT: ReadonlySet<string> = new Set([
  "AppError",
  "RateLimited",
  "FragmentTimeout",
]);

/** The line the save state shows for a room error or notice, in the language of `t`. */
export function syncErrorMessage(t: Translate, language: string, err: SyncError): string {
  if (err.kind !== "refused" && err.kind !== "setAside") {
    // A room the host refused or closed names its reason by code (workshop_ended, other_map…).
    const said = /^[a-z_]+$/.test(err.detail) ? codeSentence(t, err.detail, err.detail) : null;
    return t(`save.${err.kind}`, { detail: said ?? err.detail });
  }
  if (NOT_ABOUT_CONTENT.has(err.detail)) return t("save.failed", { detail: err.detail });
  // Dots given offline that reached the host after their round: said as that, not as the limits.
  if (err.kind === "setAside" && err.votedCards && err.votedCards.length > 0) {
    const [card, ...more] = err.votedCards;
    return more.length === 0
      ? t("save.setAsideDot", { card: card || t("card.empty") })
      : t("save.setAsideDots", { count: err.votedCards.length });
  }
  const n = (v: number) => formatCount(v, language);
  return t(`save.${err.kind}`, {
    cards: n(MAP_LIMITS.cards),
    stages: n(MAP_LIMITS.stages),
    lanes: n(MAP_LIMITS.lanes),
    text: n(MAX_CARD_TEXT_CHARS),
    title: n(MAX_TITLE_CHARS),
  });
}
