// Folds Traditional Chinese characters to their Simplified form, so that search treats 客户 and
// 客戶, 后台 and 後台 as the same text: people on one map write in either script. The fold is one
// character at a time (OpenCC's Traditional→Simplified character table, not its phrase tables), so
// it never depends on the neighbouring characters: a substring of a text folds to a substring of the
// folded text, which keeps one-character queries working.
import { ConverterFactory } from "opencc-js/core";
import TSCharacters from "opencc-js/dict/TSCharacters";

/**
 * Characters the table keeps apart but that one script writes alike, folded after it: 著 is
 * Traditional writing for both 着 (看著) and 著 (著名); 帳 (Taiwan's 結帳, 帳號) folds to 帐,
 * where the mainland writes 账 (结账, 账号). Each pair is one character for search.
 */
const SAME_FOR_SEARCH = "著 着|帐 账";

/** Built at the first search, not while the app starts: reading the table takes ~10 ms. */
let toSimplified: ((s: string) => string) | null = null;

/** The text with every Traditional character replaced by its Simplified form. */
export function foldScript(s: string): string {
  toSimplified ??= ConverterFactory([TSCharacters], [SAME_FOR_SEARCH]);
  return toSimplified(s);
}
