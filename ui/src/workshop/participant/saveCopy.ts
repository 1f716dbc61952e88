// "Save a copy": downloads the open map as a `.wayline` bundle (bundle.ts) from what this browser
// holds. A Blob link with `download` works on plain http, where the File System Access API and
// other secure-context features are missing.
import type { LoroDoc } from "loro-crdt";
import { textHead } from "../../doc/textLength";
import { makeBundle } from "./bundle";

/** A file name without characters that file systems refuse; Chinese text is kept. */
export function bundleFileName(title: string): string {
  const clean = textHead(
    title
      .replace(/[\\/:*?"<>|\p{Cc}]/gu, " ")
      .replace(/\s+/g, " ")
      .trim(),
    80,
  );
  return `${clean || "Wayline"}.wayline`;
}

export function saveCopy(doc: LoroDoc, title: string): void {
  const text = makeBundle(title, [{ title, snapshot: doc.export({ mode: "snapshot" }) }]);
  const url = URL.createObjectURL(new Blob([text], { type: "application/octet-stream" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = bundleFileName(title);
  a.rel = "noopener";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
