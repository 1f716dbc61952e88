// Sentences put one after another: a space between them in English, none after Chinese
// full-width punctuation (。？), where a space would show as a gap.
export function joinSentences(language: string, ...parts: readonly string[]): string {
  const separator = language.toLowerCase().startsWith("zh") ? "" : " ";
  return parts.filter((p) => p !== "").join(separator);
}
