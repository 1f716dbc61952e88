// Text lengths as every limit counts them: in Unicode scalar values (code points), as the Rust
// model does (`text_length` in crates/model/src/schema.rs), so that 𠮷 or 👍 counts as one character
// like 客 and a cut never splits one. String.length counts UTF-16 units and would do neither.
// Both sides are checked against tests/vectors/text_length.json.

/** The number of characters (Unicode scalar values) in `text`. */
export function textLength(text: string): number {
  // Fast path: a string without surrogates has as many characters as code units.
  if (!/[\ud800-\udfff]/.test(text)) return text.length;
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

/** The longest start of `text` within `max` characters, never splitting one. */
export function textHead(text: string, max: number): string {
  if (max <= 0) return "";
  if (text.length <= max) return text;
  let n = 0;
  let end = 0;
  for (const ch of text) {
    if (n === max) break;
    n += 1;
    end += ch.length;
  }
  return text.slice(0, end);
}

/** Characters of a card's text that name it in a message or a button's label. */
export const CARD_NAME_CHARS = 40;

/** `text` cut to `max` characters with "…" when longer (never inside a surrogate pair). */
export function textPreview(text: string, max: number): string {
  return textLength(text) > max ? `${textHead(text, max)}…` : text;
}
