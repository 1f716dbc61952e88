// One line for a failed call, as dialogs show it: the host's message and its stable code (HostError),
// or whatever else went wrong.
import { HostError } from "./http";

export function errorText(e: unknown): string {
  if (e instanceof HostError) return `${e.message} (${e.code})`;
  return e instanceof Error ? e.message : String(e);
}
