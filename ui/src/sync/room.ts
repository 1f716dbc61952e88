// One open map on the socket: joins it, sends local edits as acknowledged batches, imports the
// host's updates and derives the save state. Edits made while not joined are not sent one by one:
// the next join handshake sends everything the host lacks.
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
  private pending = new Map<HexString, number>();
  /** Local edits exist that the host may lack and that are not in a pending batch. */
  private unsent = false;
  private error: SyncError | null = null;
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

  /** Socket closed: unacknowledged batches go back to "unsent", the handshake resends them. */
  socketClosed(): void {
    this.joined = false;
    if (this.pending.size > 0) this.unsent = true;
    this.pending.clear();
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
        if (msg.code === JoinErrorCode.VersionUnknown) this.unsent = true;
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
        if (msg.code === RoomErrorCode.RejoinSuggested) this.join();
        else {
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
    const local = this.doc.oplogVersion();
    let bytes: Uint8Array | null = null;
    if (host.length() === 0) {
      // all our updates: the host takes no snapshot from a participant (crates/host/src/room_checks.rs)
      if (local.length() > 0) bytes = this.doc.export({ mode: "update" });
    } else {
      const cmp = host.compare(local);
      if (cmp === undefined || cmp < 0) bytes = this.doc.export({ mode: "update", from: host });
    }
    this.unsent = false;
    if (bytes && bytes.length > 0) this.sendBatch(bytes);
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
    if (this.joined && this.transport.isOpen()) this.sendBatch(bytes);
    else this.unsent = true;
    this.notify();
  }

  private sendBatch(bytes: Uint8Array): void {
    const batchId = randomBatchId();
    this.pending.set(batchId, bytes.length);
    if (bytes.length > FRAGMENT_LIMIT) {
      for (const m of fragmentUpdate(this.roomId, batchId, bytes)) this.transport.send(m);
    } else {
      this.transport.send({
        type: MessageType.DocUpdate,
        crdt: "%LOR",
        roomId: this.roomId,
        updates: [bytes],
        batchId,
      });
    }
  }

  private onAck(refId: HexString, status: number): void {
    if (!this.pending.delete(refId)) return;
    // Refused for lack of permission (a viewer, a locked map): said in words, not as a code. The
    // edit stays local; the next join sends it again, should editing be allowed by then.
    if (status === UpdateStatusCode.PermissionDenied) this.error = { kind: "denied", detail: "" };
    else if (status !== UpdateStatusCode.Ok)
      this.error = { kind: "refused", detail: statusName(status) };
    this.notify();
  }

  private computeStatus(): RoomStatus {
    const open = this.transport.isOpen();
    let state: RoomStatus["state"];
    if (this.error) state = "error";
    else if (!open) state = "offline";
    else if (!this.joined || this.pending.size > 0 || this.unsent) state = "saving";
    else state = "saved";
    return {
      state,
      joined: this.joined,
      loaded: this.loaded,
      pending: this.pending.size,
      error: this.error,
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
      sameAccess(prev.access, next.access)
    ) {
      return;
    }
    this.status = next;
    for (const fn of this.listeners) fn();
  }
}
