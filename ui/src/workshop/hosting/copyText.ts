// Copies the join link. On plain http (a room network) `navigator.clipboard` does not exist, so
// the fallback selects the text in its read-only input and asks the browser to copy the
// selection; if even that is refused, the text stays selected for Ctrl+C.

export type CopyResult = "copied" | "selected";

interface ClipboardLike {
  clipboard?: { writeText?: (text: string) => Promise<void> };
}
interface CommandLike {
  execCommand?: (command: string) => boolean;
}

export async function copyText(
  text: string,
  input: HTMLInputElement | null,
  nav: ClipboardLike = navigator,
  doc: CommandLike = document,
): Promise<CopyResult> {
  const write = nav.clipboard?.writeText;
  if (write) {
    try {
      await write.call(nav.clipboard, text);
      return "copied";
    } catch {
      // refused (no permission, no focus): fall back to the selection
    }
  }
  if (!input) return "selected";
  input.focus();
  input.select();
  try {
    return doc.execCommand?.("copy") ? "copied" : "selected";
  } catch {
    return "selected";
  }
}
