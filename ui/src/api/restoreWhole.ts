// Putting a whole backup back from the desktop window: the shell's `restore_whole_file` records the
// request and restarts the app; the new start backs up the current data first (so this restore can
// itself be undone from the Restore screen), puts the backup in place and opens it. There is no
// such command in a plain browser (`wayline serve`), where `wayline restore --from NAME` does it.
import type { TauriInternals } from "./export";
import { HostError } from "./http";

/**
 * Asks the shell to restore the backup named `name` (as the Restore screen lists it) and restart.
 * Resolving means the app is about to restart; a failure (unknown backup, …) becomes a HostError.
 */
export async function restoreWholeFile(shell: TauriInternals, name: string): Promise<void> {
  try {
    await shell.invoke("restore_whole_file", { name });
  } catch (e) {
    if (typeof e === "object" && e !== null) {
      const { code, message } = e as { code?: unknown; message?: unknown };
      if (typeof message === "string") {
        throw new HostError(0, { code: typeof code === "string" ? code : "desktop", message });
      }
    }
    throw new HostError(0, { code: "desktop", message: String(e) });
  }
}
