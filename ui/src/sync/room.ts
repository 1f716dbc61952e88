// One open map on the socket: joins it, sends local edits as acknowledged batches, imports the
// host's updates and derives the save state. Each local edit is kept, in order, until the host has
// acknowledged it: while the room is not joined it waits, and the next join sends the edits the
// host lacks one batch each (a long catch-up groups neighbouring edits), so that a change the host
// refuses is one edit, not everything made offline. At most MAX_IN_FLIGHT batches are on their way
// at once: a refused batch is followed by few that build on it.
//
// A refusal is told apart by when it comes: the host asks for a rejoin before it answers an update
// whose history it lacks (the update goes again after the join); any other refusal of an update is
// about its content, and the room stops sending and hands the refused edit to `onRefused` (the open
// map sets it aside, sync/setAside.ts, and opens again without it).
import type { LoroDoc } from "loro-crdt";
import { decodeImportBlobMeta, VersionVector } from "loro-crdt";
import type { HexString, ProtocolMessage } from "loro-protocol";
import {
  bytesToHex,
  JoinErrorCode,
  MessageType,
  RoomErrorCode,
  UpdateStatusCode,
} from "loro-protocol";
import type { RoomAccess } from "../wire/RoomAccess";
import { clockOffsetOf, parseRoomAccess, sameAccess } from "./access";
import { FRAGMENT_LIMIT, FragmentInbox, fragmentUpdate } from "./fragments";
import type { RoomStatus, SyncError } from "./types";

export interface RoomTransport {
  /** Sends when the socket is open; returns false when it is not. */
  send(msg: ProtocolMessage): boolean;
  isOpen(): boolean;
  token(): string;
}

/** Batches sent and not yet answered, at most. */
export const MAX_IN_FLIGHT = 16;
/** Past this many edits waiting (a long time offline), neighbouring edits share a batch. */
export const MAX_CATCH_UP_BATCHES = 256;

export interface RoomSyncOptions {
  /**
   * Called once when the host refuses an edit for its content: `updates` are the refused batch's
   * Loro updates, in order. The room sends nothing more; the caller replaces it.
   */
  onRefused?: (updates: Uint8Array[], status: string) => void;
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

export class RoomSync {
  private joined = false;
  private loaded = false;
  /** Batches sent on this socket and not yet answered, in the order sent. */
  private inFlight = new Map<HexString, Uint8Array[]>();
  /** Local edits not yet sent, in order. */
  private outgoing: Uint8Array[] = [];
  /** Edits of batches the host answered "needs earlier history" (sent again after the join). */
  private returned: Uint8Array[] = [];
  /** Edits the last join found waiting that are not sent yet, and how many go in one batch. */
  private catchUpLeft = 0;
  private catchUpPerBatch = 1;
  /** The edit the host refused for its content: nothing is sent after it. */
  private refused: Uint8Array[] | null = null;
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
    this.outgoing = [...this.returned, ...[...this.inFlight.values()].flat(), ...this.outgoing];
    this.returned = [];
    this.inFlight.clear();
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
        // A join already on its way brings the host's version anyway (and a room opened again
        // after a refused edit was set aside hears the old room's suggestions: same map id).
        if (msg.code === RoomErrorCode.RejoinSuggested) {
          if (this.joined) this.join();
        } else {
          this.joined = false;
          this.error = { kind: "room", detail: msg.message || String(msg.code) };
          this.notify();
        }
        break;
      default:
        break;
    }
  }

  private onJoined(hostVersionBytes: Uint8Array): void {
    this.joined = true;
    this.error = null;
    const host = VersionVector.decode(hostVersionBytes);
    const waiting = [...this.returned, ...this.outgoing];
    this.returned = [];
    const onTheirWay = [...this.inFlight.values()].flat();
    const missing = editsTheHostLacks(host, onTheirWay, waiting, this.doc.oplogVersion());
    if (missing) this.outgoing = missing;
    else {
      // The waiting edits do not account for all the host lacks (edits kept by an earlier
      // session, or a host that lost some): one update of everything past the host's version.
      // The host takes no snapshot from a participant (crates/host/src/room_checks.rs).
      const bytes =
        host.length() === 0
          ? this.doc.export({ mode: "update" })
          : this.doc.export({ mode: "update", from: host });
      this.outgoing = bytes.length > 0 ? [bytes] : [];
    }
    this.catchUpLeft = this.outgoing.length;
    this.catchUpPerBatch = Math.ceil(this.outgoing.length / MAX_CATCH_UP_BATCHES);
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
      if (this.joined && !this.loaded) {
        this.loaded = true;
        this.notify();
      }
    } catch (e) {
      this.error = { kind: "import", detail: e instanceof Error ? e.message : String(e) };
      this.notify();
    }
  }

  /** Used when the host sent nothing after the join (nothing to backfill). */
  markLoaded(): void {
    if (this.joined && !this.loaded) {
      this.loaded = true;
      this.notify();
    }
  }

  private onLocalUpdate(bytes: Uint8Array): void {
    this.outgoing.push(bytes);
    this.pump();
    this.notify();
  }

  /** Sends waiting edits while the room is joined, up to MAX_IN_FLIGHT batches on their way. */
  private pump(): void {
    if (!this.joined || this.refused || !this.transport.isOpen()) return;
    while (this.inFlight.size < MAX_IN_FLIGHT && this.outgoing.length > 0) {
      // Grouped as the join found them (a catch-up), one per batch once those are sent.
      const perBatch = this.catchUpLeft > 0 ? this.catchUpPerBatch : 1;
      let count = 0;
      let bytes = 0;
      for (const next of this.outgoing) {
        if (count === perBatch || (count > 0 && bytes + next.length > FRAGMENT_LIMIT)) break;
        count += 1;
        bytes += next.length;
      }
      this.catchUpLeft = Math.max(0, this.catchUpLeft - count);
      this.sendBatch(this.outgoing.splice(0, count));
    }
  }

  private sendBatch(updates: Uint8Array[]): void {
    const batchId = randomBatchId();
    this.inFlight.set(batchId, updates);
    const only = updates[0];
    if (updates.length === 1 && only && only.length > FRAGMENT_LIMIT) {
      for (const m of fragmentUpdate(this.roomId, batchId, only)) this.transport.send(m);
    } else {
      this.transport.send({
        type: MessageType.DocUpdate,
        crdt: "%LOR",
        roomId: this.roomId,
        updates,
        batchId,
      });
    }
  }

  private onAck(refId: HexString, status: number): void {
    const updates = this.inFlight.get(refId);
    if (!updates) return;
    this.inFlight.delete(refId);
    if (status === UpdateStatusCode.Ok) {
      this.pump();
    } else if (status === UpdateStatusCode.PermissionDenied) {
      // Refused for lack of permission (a viewer, a locked map): said in words, not as a code.
      // The edit waits; the next join sends it again, should editing be allowed by then.
      this.returned.push(...updates);
      this.error = { kind: "denied", detail: "" };
    } else if (status === UpdateStatusCode.InvalidUpdate && !this.joined) {
      // The host asked for a rejoin before this answer: it lacks history the batch builds on.
      this.returned.push(...updates);
    } else if (
      status === UpdateStatusCode.InvalidUpdate ||
      status === UpdateStatusCode.PayloadTooLarge
    ) {
      this.refusedForContent(updates, statusName(status));
    } else {
      // Not about the edit (the host could not store it, or it came too fast): sent again after
      // the next join, which this asks for.
      this.returned.push(...updates);
      this.error = { kind: "refused", detail: statusName(status) };
      this.join();
    }
    this.notify();
  }

  private refusedForContent(updates: Uint8Array[], status: string): void {
    if (this.refused) return;
    this.refused = updates;
    this.error = { kind: "refused", detail: status };
    this.notify();
    this.options.onRefused?.(updates, status);
  }

  private computeStatus(): RoomStatus {
    const open = this.transport.isOpen();
    let state: RoomStatus["state"];
    if (this.error || this.refused) state = "error";
    else if (!open) state = "offline";
    else if (
      !this.joined ||
      this.inFlight.size > 0 ||
      this.outgoing.length > 0 ||
      this.returned.length > 0
    )
      state = "saving";
    else state = "saved";
    return {
      state,
      joined: this.joined,
      loaded: this.loaded,
      pending: this.inFlight.size,
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

/** A blob's Loro metadata, or null if it cannot be read. */
function metaOf(bytes: Uint8Array): ReturnType<typeof decodeImportBlobMeta> | null {
  try {
    return decodeImportBlobMeta(bytes, false);
  } catch {
    return null;
  }
}

/**
 * The waiting edits the host still lacks, if they are all it lacks and each builds only on what
 * the host has, on the batches still on their way (sent after the join was asked for) or on the
 * edits before it — the host's own check, crates/host/src/room_checks.rs; null otherwise.
 */
function editsTheHostLacks(
  host: VersionVector,
  onTheirWay: Uint8Array[],
  waiting: Uint8Array[],
  local: VersionVector,
): Uint8Array[] | null {
  const known = new Map(host.toJSON());
  for (const bytes of onTheirWay) {
    const meta = metaOf(bytes);
    if (!meta) return null;
    for (const [peer, counter] of meta.partialEndVersionVector.toJSON()) {
      if (counter > (known.get(peer) ?? 0)) known.set(peer, counter);
    }
  }
  const lacked: Uint8Array[] = [];
  for (const bytes of waiting) {
    const meta = metaOf(bytes);
    if (!meta) return null;
    const end = meta.partialEndVersionVector.toJSON();
    if ([...end].every(([peer, counter]) => (known.get(peer) ?? 0) >= counter)) continue;
    for (const [peer, counter] of meta.partialStartVersionVector.toJSON()) {
      if ((known.get(peer) ?? 0) < counter) return null;
    }
    for (const [peer, counter] of end) {
      if (counter > (known.get(peer) ?? 0)) known.set(peer, counter);
    }
    lacked.push(bytes);
  }
  for (const [peer, counter] of local.toJSON()) {
    if ((known.get(peer) ?? 0) < counter) return null;
  }
  return lacked;
}
