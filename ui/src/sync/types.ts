// Shared shapes of the sync layer: the socket surface we rely on (so tests can fake it) and the
// save state the UI shows.
import type { RoomAccess } from "../wire/RoomAccess";

/**
 * "held": edits the host refused for lack of permission (a viewer, a locked map) wait on this
 * screen and are sent again at the next join; once the reason is dismissed they are not "saving".
 */
export type SaveState = "saved" | "saving" | "offline" | "error" | "held";

export interface RoomStatus {
  state: SaveState;
  /** The room has been joined on the current socket. */
  joined: boolean;
  /** The doc holds the host's content (first host DocUpdate after a join was imported). */
  loaded: boolean;
  /** Edits not yet acknowledged: waiting, on their way, or sent back to go again. */
  pending: number;
  /** Last error for this room (refused edit, failed join), until dismissed or a new join. */
  error: SyncError | null;
  /** Something to tell once that is not an error (an earlier refused edit was set aside), until dismissed. */
  notice: SyncError | null;
  /** What the host allows in this room (from the last join answer); null before the first join.
   * Kept while offline: the last known role and lock still apply. */
  access: RoomAccess | null;
}

export interface SyncError {
  /** "denied": the host refused an edit for lack of permission (a viewer, a locked map); "gone":
   * the host has no such map (deleted, or in the trash); "setAside": an edit the host refused was
   * taken out of this screen's map and what came after it kept (a notice, not an error). */
  kind: "refused" | "denied" | "join" | "gone" | "import" | "room" | "setAside";
  detail: string;
  /** A set-aside change that only gave dots (after their round ended): the cards, by their text. */
  votedCards?: string[];
}

export interface SocketLike {
  binaryType: BinaryType;
  readonly readyState: number;
  send(data: string | ArrayBufferLike | Uint8Array): void;
  close(): void;
  onopen: ((ev: Event) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
}

export type SocketFactory = (url: string) => SocketLike;

export const SOCKET_OPEN = 1;
