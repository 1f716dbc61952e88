// One open map on the socket: joins it, sends local edits as acknowledged batches, imports the
// host's updates and derives the save state. Each local edit is kept, in order, until the host has
// acknowledged it (sync/outgoing.ts): while the room is not joined it waits, and the next join
// sends the edits the host lacks one batch each, so that a change the host refuses is one edit,
// not everything made offline.
//
// A refusal is told apart by when it comes: the host asks for a rejoin before it answers an update
// whose history it lacks (the update goes again after the join); a refusal for lack of permission
// holds everything until the next join; a batch the host could not store goes again after a rejoin
// that waits longer each time; any other refusal is about the edit's content, and the room stops
// sending and hands the refused edit, if it is one of its own, to `onRefused` (the open map sets it
// aside, sync/setAside.ts, and opens again without it).

import type { LoroDoc } from "loro-crdt";
import { VersionVector } from "loro-crdt";
import type { HexString, ProtocolMessage } from "loro-protocol";
import {
  bytesToHex,
  JoinErrorCode,
  MessageType,
  RoomErrorCode,
  UpdateStatusCode,
} from "loro-protocol";
import { MAP_GONE_CODES } from "../wire/errorCodes";
import type { RoomAccess } from "../wire/RoomAccess";
import { clockOffsetOf, parseRoomAccess, sameAccess } from "./access";
import { FRAGMENT_LIMIT, FragmentInbox, fragmentUpdate } from "./fragments";
import { type Edit, OutgoingEdits } from "./outgoing";
import type { RoomStatus, SyncError } from "./types";

export interface RoomTransport {
  /** Sends when the socket is open; returns false when it is not. */
  send(msg: ProtocolMessage): boolean;
  isOpen(): boolean;
  token(): string;
}

/** The longest wait before a rejoin after the host could not take a batch (doubling from 0.5 s). */
export const RETRY_MAX_MS = 10_000;

export interface RoomSyncOptions {
  /**
   * Called once when the host refuses one of this room's own edits for its content, with the
   * refused batch's Loro updates in order and this room's own edits made after it (none of which
   * the host will take, since each builds on the refused one), in order. The room sends nothing
   * more; the caller replaces it.
   */
  onRefused?: (updates: Uint8Array[], later: Uint8Array[]) => void;
  /**
   * Updates to send before anything made here: the edits re-made after a set-aside. Those re-made
   * from this screen's own edits may be set aside in their turn; the rest (which may hold an
   * earlier session's edits) never are.
   */
  waiting?: Edit[];
}

export function randomBatchId(): HexString {
  const b = new Uint8Array(8);
  crypto.getRandomValues(b);
  return bytesToHex(b);
}

function statusName(code: number): string {
  for (const [k, v] of Object.entries(UpdateStatusCode)) if (v === code) return k;
  return `status ${code}`;
}

/** The reasons a host gives when it closes a map's room because the map is no longer there. */
const MAP_GONE: ReadonlySet<string> = new Set(MAP_GONE_CODES);

export class RoomSync {
  private joined = false;
  private loaded = false;
  /**
   * What the host had when this room first joined (its answer's version vector): what this
   * screen had then and the host did not was this screen's alone. A later join (a reconnect, a
   * recovery) would count what was sent since as the host's.
   */
  private hostAtJoin: VersionVector | null = null;
  /**
   * The host's version at the join that is to load the map: it is loaded once the document holds
   * all of it (a newcomer's answer is the kept snapshot and then the updates since, in separate
   * messages; a board drawn after the first would show the map without its latest edits).
   */
  private loadTarget: VersionVector | null = null;
  private readonly edits: OutgoingEdits;
  /** The host refused one of the edits for its content: nothing is sent after it. */
  private refused = false;
  /** The host refused an edit for lack of permission: nothing is sent until the next join. */
  private denied = false;
  /** A rejoin was asked for while a join was on its way: asked again once that one is answered. */
  private rejoinAfterJoin = false;
  /** A rejoin after the host could not take a batch, and how many came before it. */
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retries = 0;
  private error: SyncError | null = null;
  /** Said once, not an error: an earlier refused edit was set aside (useOpenMap). */
  private notice: SyncError | null = null;
  private access: RoomAccess | null = null;
  /** The host's clock minus this screen's, from the last join answer (0 before one). */
  private hostClockOffset = 0;
  private inbox = new FragmentInbox();
  /** Rejoins caused by imports waiting for missing history, since the last clean import. */
  private recoveryJoins = 0;
  private listeners = new Set<() => void>();
  private status: RoomStatus;
  private unsubLocal: () => void;

  constructor(
    readonly roomId: string,
    readonly doc: LoroDoc,
    private readonly transport: RoomTransport,
    private readonly options: RoomSyncOptions = {},
  ) {
    this.edits = new OutgoingEdits(options.waiting ?? []);
    this.status = this.computeStatus();
    this.unsubLocal = doc.subscribeLocalUpdates((bytes) => this.onLocalUpdate(bytes));
  }

  getStatus = (): RoomStatus => this.status;

  /** The host's clock now, in milliseconds since the epoch (the workshop timer is written in it). */
  hostNow = (): number => Date.now() + this.hostClockOffset;

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  dismissError(): void {
    this.error = null;
    this.notice = null;
    this.notify();
  }

  /** Shows `notice` beside the save state until dismissed (it changes nothing else). */
  showNotice(notice: SyncError): void {
    this.notice = notice;
    this.notify();
  }

  dispose(): void {
    this.unsubLocal();
    this.stopRetry();
    if (this.joined)
      this.transport.send({ type: MessageType.Leave, crdt: "%LOR", roomId: this.roomId });
    this.joined = false;
    this.listeners.clear();
  }

  /** Socket opened (or a rejoin is needed): send a JoinRequest with our version. */
  join(): void {
    this.joined = false;
    this.transport.send({
      type: MessageType.JoinRequest,
      crdt: "%LOR",
      roomId: this.roomId,
      auth: new TextEncoder().encode(this.transport.token()),
      version: this.doc.oplogVersion().encode(),
    });
    this.notify();
  }

  /** Socket closed: unanswered batches go back in front of the waiting edits, for the next join. */
  socketClosed(): void {
    this.joined = false;
    this.rejoinAfterJoin = false;
    this.stopRetry();
    this.edits.requeue();
    this.inbox.clear();
    this.notify();
  }

  handle(msg: ProtocolMessage): void {
    switch (msg.type) {
      case MessageType.JoinResponseOk:
        this.access = parseRoomAccess(msg.permission, msg.extra);
        this.hostClockOffset = clockOffsetOf(this.access, Date.now());
        this.onJoined(msg.version);
        break;
      case MessageType.JoinError:
        // Unknown: the host has no such map (deleted, or moved to the trash): said in the UI's
        // own words, not the host's English.
        this.error = {
          kind: msg.code === JoinErrorCode.Unknown ? "gone" : "join",
          detail: msg.message || String(msg.code),
        };
        this.notify();
        break;
      case MessageType.DocUpdate:
        this.importUpdates(msg.updates);
        break;
      case MessageType.DocUpdateFragmentHeader:
        this.inbox.start(msg);
        break;
      case MessageType.DocUpdateFragment: {
        const whole = this.inbox.add(msg);
        if (whole) this.importUpdates([whole]);
        break;
      }
      case MessageType.Ack:
        this.onAck(msg.refId, msg.status);
        break;
      case MessageType.RoomError:
        // While a join is on its way, asked again once it is answered, once however many come
        // (a room opened again after a refused edit was set aside hears the old room's: same map).
        if (msg.code === RoomErrorCode.RejoinSuggested) {
          if (this.joined) this.join();
          else this.rejoinAfterJoin = true;
        } else {
          this.joined = false;
          // A map closed under its participants because it went to the trash (or its project
          // did) is gone, as a join of a map the host does not have says.
          const gone = msg.code === RoomErrorCode.Evicted && MAP_GONE.has(msg.message);
          this.error = { kind: gone ? "gone" : "room", detail: msg.message || String(msg.code) };
          this.notify();
        }
        break;
      default:
        break;
    }
  }

  private onJoined(hostVersionBytes: Uint8Array): void {
    this.joined = true;
    this.denied = false;
    // A refusal stays said (nothing more is sent by this room), and so does a failure to store
    // while its retry waits: nothing is sent until then, so that a host that cannot write is not
    // sent the same batches again at network speed.
    if (!this.refused && !this.retryTimer) this.error = null;
    const host = VersionVector.decode(hostVersionBytes);
    this.hostAtJoin ??= host;
    if (!this.loaded) {
      this.loadTarget = host;
      // Already holding all of it (reopened from the host's copy): nothing is to come.
      this.loadedOnceWhole();
    }
    // The host takes no snapshot from a participant (crates/host/src/room_checks.rs).
    this.edits.joined(host, this.doc.oplogVersion(), () =>
      host.length() === 0
        ? this.doc.export({ mode: "update" })
        : this.doc.export({ mode: "update", from: host }),
    );
    if (this.rejoinAfterJoin) {
      this.rejoinAfterJoin = false;
      this.join();
      return;
    }
    this.pump();
    this.notify();
  }

  private importUpdates(updates: Uint8Array[]): void {
    if (updates.length === 0) return;
    try {
      const status = this.doc.importBatch(updates);
      if (status.pending && status.pending.size > 0) {
        // we miss earlier history: the handshake backfills it (bounded, so a broken host cannot loop us)
        this.recoveryJoins += 1;
        if (this.recoveryJoins <= 3) this.join();
        else {
          this.error = { kind: "import", detail: "missing history" };
          this.notify();
        }
        return;
      }
      this.recoveryJoins = 0;
      if (this.loadedOnceWhole()) this.notify();
    } catch (e) {
      this.error = { kind: "import", detail: e instanceof Error ? e.message : String(e) };
      this.notify();
    }
  }

  /** The host's version at the first join; null before it. */
  hostVersionAtJoin(): VersionVector | null {
    return this.hostAtJoin;
  }

  /** Marks the map loaded once the document holds the host's version at the join; true if now. */
  private loadedOnceWhole(): boolean {
    if (!this.joined || this.loaded) return false;
    const target = this.loadTarget;
    const held = target ? this.doc.oplogVersion().compare(target) : 1;
    if (held === undefined || held < 0) return false;
    this.loaded = true;
    return true;
  }

  /**
   * Used when the host sent nothing more after the join for a while: what has come is shown
   * (a host whose answer never completes the map must not keep the board waiting).
   */
  markLoaded(): void {
    if (this.joined && !this.loaded) {
      this.loaded = true;
      this.notify();
    }
  }

  private onLocalUpdate(bytes: Uint8Array): void {
    this.edits.add({ bytes, own: true });
    this.pump();
    this.notify();
  }

  /** Sends waiting edits while the room is joined and may send (outgoing.ts paces them). */
  private pump(): void {
    if (!this.joined || this.refused || this.denied || this.retryTimer) return;
    if (!this.transport.isOpen()) return;
    for (let batch = this.edits.next(); batch; batch = this.edits.next()) this.sendBatch(batch);
  }

  private sendBatch(edits: Edit[]): void {
    const batchId = randomBatchId();
    const only = edits[0];
    const fragmented =
      edits.length === 1 && only !== undefined && only.bytes.length > FRAGMENT_LIMIT;
    this.edits.sent(batchId, edits, fragmented);
    if (fragmented) {
      for (const m of fragmentUpdate(this.roomId, batchId, only.bytes)) this.transport.send(m);
    } else {
      this.transport.send({
        type: MessageType.DocUpdate,
        crdt: "%LOR",
        roomId: this.roomId,
        updates: edits.map((e) => e.bytes),
        batchId,
      });
    }
  }

  private onAck(refId: HexString, status: number): void {
    const edits = this.edits.answered(refId);
    if (!edits) return;
    if (status === UpdateStatusCode.Ok) {
      this.retries = 0;
      this.pump();
    } else if (status === UpdateStatusCode.PermissionDenied) {
      // Refused for lack of permission (a viewer, a locked map): said in words, not as a code.
      // The edit waits; the next join sends it again, should editing be allowed by then.
      this.edits.sendBack(edits);
      this.denied = true;
      this.error = { kind: "denied", detail: "" };
    } else if (status === UpdateStatusCode.InvalidUpdate && !this.joined) {
      // The host asked for a rejoin before this answer: it lacks history the batch builds on.
      this.edits.sendBack(edits);
    } else if (
      status === UpdateStatusCode.InvalidUpdate ||
      status === UpdateStatusCode.PayloadTooLarge
    ) {
      this.refusedForContent(edits, statusName(status));
    } else {
      // Not about the edit (the host could not store it, or it came too fast): sent again after
      // a rejoin, which waits longer each time it happens again.
      this.edits.sendBack(edits);
      this.error = { kind: "refused", detail: statusName(status) };
      this.retryLater();
    }
    this.notify();
  }

  private refusedForContent(edits: Edit[], status: string): void {
    if (this.refused) return;
    this.refused = true;
    this.error = { kind: "refused", detail: status };
    this.notice = null;
    this.notify();
    // Only this room's own edits are set aside; an update that may hold an earlier session's
    // edits stays, refused and said, on this screen and in the browser's copy.
    if (!edits.every((e) => e.own)) return;
    const later = this.edits.unanswered();
    const ownLater = later.every((e) => e.own) ? later.map((e) => e.bytes) : [];
    this.options.onRefused?.(
      edits.map((e) => e.bytes),
      ownLater,
    );
  }

  private retryLater(): void {
    if (this.retryTimer) return;
    const delay = Math.min(RETRY_MAX_MS, 500 * 2 ** this.retries);
    this.retries += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.joined) this.join();
    }, delay);
  }

  private stopRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private computeStatus(): RoomStatus {
    const open = this.transport.isOpen();
    let state: RoomStatus["state"];
    if (this.error || this.refused) state = "error";
    else if (!open) state = "offline";
    else if (this.denied && this.edits.count() > 0) state = "held";
    else if (!this.joined || this.edits.count() > 0) state = "saving";
    else state = "saved";
    return {
      state,
      joined: this.joined,
      loaded: this.loaded,
      pending: this.edits.count(),
      error: this.error,
      notice: this.notice,
      access: this.access,
    };
  }

  notify(): void {
    const next = this.computeStatus();
    const prev = this.status;
    if (
      prev.state === next.state &&
      prev.joined === next.joined &&
      prev.loaded === next.loaded &&
      prev.pending === next.pending &&
      prev.error === next.error &&
      prev.notice === next.notice &&
      sameAccess(prev.access, next.access)
    ) {
      return;
    }
    this.status = next;
    for (const fn of this.listeners) fn();
  }
}
