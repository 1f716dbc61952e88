// One map's presence channel on the sync socket (loro-protocol `%EPH` messages relayed by the
// host): joins on every (re)connect, publishes this person's state under their own key (at most
// every 100 ms, and every 4 s as a heartbeat so it never times out while connected), applies what
// the host relays, and keeps snapshots of everyone else that React can subscribe to.
//
// Someone disappears when the host relays their deletion (they left or their socket died), or
// 15 s after we last heard from them — counted on our own clock, because the EphemeralStore's
// timestamps come from the sender's clock and a laptop whose clock runs ahead would otherwise
// outlive its own deletion. While our socket is down we show nobody.
import { EphemeralStore, type EphemeralStoreEvent } from "loro-crdt";
import type { ProtocolMessage } from "loro-protocol";
import { bytesToHex, MessageType, RoomErrorCode } from "loro-protocol";
import type { RemoteCaret } from "../editor/remoteCarets";
import {
  faceOf,
  type Peer,
  type PeerFace,
  type PresenceState,
  parsePresence,
  presenceValue,
  sameBytes,
  sameFace,
  samePeer,
} from "./state";

export const PRESENCE_TIMEOUT_MS = 15_000;
/** How old, by this browser's clock, an entry may be stamped and still be taken. Loro's store
 * drops an entry stamped more than its timeout ago, by the receiver's clock: with the 15 s of
 * PRESENCE_TIMEOUT_MS, someone whose laptop clock is a minute slow would never be seen. Who is
 * here is decided by when each was last heard from (`lastSeen`), not by the stamps. */
export const ENTRY_MAX_AGE_MS = 7 * 24 * 3_600_000;
export const HEARTBEAT_MS = 4_000;
export const SEND_INTERVAL_MS = 100;
const TICK_MS = 1_000;

export interface PresenceTransport {
  /** Sends when the socket is open; returns false when it is not. */
  send(msg: ProtocolMessage): boolean;
  isOpen(): boolean;
  token(): string;
}

export type PresenceLink = "offline" | "joining" | "joined" | "refused";

const NO_FACES: readonly PeerFace[] = [];

export class PresenceSync {
  private store: EphemeralStore;
  private unsubStore: () => void;
  private mine: PresenceState;
  private mineFace: PeerFace;
  private link: PresenceLink = "offline";
  /** When we last heard each remote key, on our clock. */
  private lastSeen = new Map<string, number>();
  private peers = new Map<string, Peer>();
  private faces = new Map<string, PeerFace>();
  private faceList: readonly PeerFace[] = NO_FACES;
  private byCard = new Map<string, readonly PeerFace[]>();
  private caretList: readonly RemoteCaret[] = [];
  private listeners = new Set<() => void>();
  private faceListeners = new Set<() => void>();
  private ticker: ReturnType<typeof setInterval> | null = null;
  private sendTimer: ReturnType<typeof setTimeout> | null = null;
  private lastSent = 0;

  constructor(
    readonly roomId: string,
    /** This person's presence key (participant id, or the facilitator's local id). */
    readonly key: string,
    initial: PresenceState,
    private readonly transport: PresenceTransport,
  ) {
    this.mine = initial;
    this.mineFace = faceOf({ key, ...initial });
    this.store = new EphemeralStore(ENTRY_MAX_AGE_MS);
    this.unsubStore = this.store.subscribe(this.onStoreEvent);
  }

  // ── what the UI reads ──────────────────────────────────────────────────────────────────────

  /** Any change, someone's viewport included (follow mode tracks it). */
  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  /** Changes to what avatars, card outlines and carets show: not to anyone's viewport, which
   * changes many times a second while someone scrolls. */
  subscribeFaces = (fn: () => void): (() => void) => {
    this.faceListeners.add(fn);
    return () => this.faceListeners.delete(fn);
  };

  /** Everyone else here, by name (the same array until someone's face changes). */
  others = (): readonly PeerFace[] => this.faceList;

  /** Everyone else editing this card (the same array until that changes). */
  editorsOf = (cardId: string): readonly PeerFace[] => this.byCard.get(cardId) ?? NO_FACES;

  /** Someone's full state (viewport and caret included). */
  peer = (key: string): Peer | undefined => this.peers.get(key);

  carets = (): readonly RemoteCaret[] => this.caretList;

  me = (): PresenceState => this.mine;

  /** This person as the avatars show them (the same object until that changes). */
  self = (): PeerFace => this.mineFace;

  linkState = (): PresenceLink => this.link;

  // ── what this person publishes ─────────────────────────────────────────────────────────────

  update(patch: Partial<PresenceState>): void {
    const { caret, ...rest } = { ...this.mine, ...patch };
    const next: PresenceState = caret ? { ...rest, caret } : rest;
    const faceChanged =
      next.name !== this.mine.name ||
      next.color !== this.mine.color ||
      next.role !== this.mine.role ||
      next.editing !== this.mine.editing ||
      next.leading !== this.mine.leading;
    this.mine = next;
    this.scheduleSend();
    if (faceChanged) {
      this.mineFace = faceOf({ key: this.key, ...next });
      this.emit();
    }
  }

  // ── driven by the sync client ──────────────────────────────────────────────────────────────

  /** The socket opened (or the host suggested a rejoin): start over from the host's view. */
  join(): void {
    this.resetStore();
    this.link = "joining";
    this.transport.send({
      type: MessageType.JoinRequest,
      crdt: "%EPH",
      roomId: this.roomId,
      auth: new TextEncoder().encode(this.transport.token()),
      version: new Uint8Array(0),
    });
    this.recompute();
    this.emit();
  }

  socketClosed(): void {
    this.link = "offline";
    this.stopTimers();
    this.lastSeen.clear();
    this.recompute();
    this.emit();
  }

  handle(msg: ProtocolMessage): void {
    switch (msg.type) {
      case MessageType.JoinResponseOk:
        this.link = "joined";
        this.sendNow();
        this.startTicker();
        this.emit();
        break;
      case MessageType.JoinError:
        // Revoked, ended or not invited: stay quiet until the next connection.
        this.link = "refused";
        this.stopTimers();
        this.emit();
        break;
      case MessageType.DocUpdate:
        if (this.link !== "joined") return;
        for (const u of msg.updates) {
          try {
            this.store.apply(u);
          } catch {
            // an unreadable relay is dropped; the next heartbeat brings the state again
          }
        }
        this.recompute();
        break;
      case MessageType.RoomError:
        if (msg.code === RoomErrorCode.RejoinSuggested) this.join();
        else {
          this.link = "refused";
          this.stopTimers();
          this.lastSeen.clear();
          this.recompute();
          this.emit();
        }
        break;
      default:
        break;
    }
  }

  dispose(): void {
    if (this.link === "joined" || this.link === "joining")
      this.transport.send({ type: MessageType.Leave, crdt: "%EPH", roomId: this.roomId });
    this.link = "offline";
    this.stopTimers();
    // Whoever still shows this channel (a finished participant's screen) shows nobody.
    this.lastSeen.clear();
    this.recompute();
    this.unsubStore();
    this.store.destroy();
    this.listeners.clear();
    this.faceListeners.clear();
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────

  private onStoreEvent = (e: EphemeralStoreEvent): void => {
    if (e.by !== "import") return;
    const now = Date.now();
    for (const k of e.added) this.lastSeen.set(k, now);
    for (const k of e.updated) this.lastSeen.set(k, now);
    for (const k of e.removed) this.lastSeen.delete(k);
  };

  private resetStore(): void {
    this.unsubStore();
    this.store.destroy();
    this.store = new EphemeralStore(ENTRY_MAX_AGE_MS);
    this.unsubStore = this.store.subscribe(this.onStoreEvent);
    this.lastSeen.clear();
  }

  private scheduleSend(): void {
    if (this.link !== "joined" || this.sendTimer) return;
    const wait = this.lastSent + SEND_INTERVAL_MS - Date.now();
    if (wait <= 0) this.sendNow();
    else
      this.sendTimer = setTimeout(() => {
        this.sendTimer = null;
        this.sendNow();
      }, wait);
  }

  private sendNow(): void {
    if (this.link !== "joined" || !this.transport.isOpen()) return;
    this.store.set(this.key, presenceValue(this.mine));
    const sent = this.transport.send({
      type: MessageType.DocUpdate,
      crdt: "%EPH",
      roomId: this.roomId,
      updates: [this.store.encode(this.key)],
      batchId: batchId(),
    });
    if (sent) this.lastSent = Date.now();
  }

  private startTicker(): void {
    if (this.ticker) return;
    this.ticker = setInterval(() => {
      if (Date.now() - this.lastSent >= HEARTBEAT_MS) this.sendNow();
      this.recompute();
    }, TICK_MS);
  }

  private stopTimers(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    if (this.sendTimer) clearTimeout(this.sendTimer);
    this.sendTimer = null;
  }

  /** Rebuilds the snapshots from the store, reusing every object that did not change. */
  private recompute(): void {
    const now = Date.now();
    const peers = new Map<string, Peer>();
    const all = this.store.getAllStates() as Record<string, unknown>;
    for (const [key, value] of Object.entries(all)) {
      if (key === this.key) continue;
      const seen = this.lastSeen.get(key);
      if (seen === undefined || now - seen > PRESENCE_TIMEOUT_MS) continue;
      const state = parsePresence(value);
      if (!state) continue;
      const peer: Peer = { key, ...state };
      const old = this.peers.get(key);
      peers.set(key, old && samePeer(old, peer) ? old : peer);
    }
    let changed = peers.size !== this.peers.size;
    for (const [k, p] of peers) if (this.peers.get(k) !== p) changed = true;
    if (!changed) return;
    this.peers = peers;
    const oldList = this.faceList;

    const faces = new Map<string, PeerFace>();
    for (const [k, p] of peers) {
      const old = this.faces.get(k);
      faces.set(k, old && sameFace(old, p) ? old : faceOf(p));
    }
    this.faces = faces;
    const list = [...faces.values()].sort(
      (a, b) => a.name.localeCompare(b.name) || (a.key < b.key ? -1 : 1),
    );
    this.faceList = sameList(this.faceList, list) ? this.faceList : list;

    const byCard = new Map<string, PeerFace[]>();
    for (const f of this.faceList) {
      if (!f.editing) continue;
      const l = byCard.get(f.editing);
      if (l) l.push(f);
      else byCard.set(f.editing, [f]);
    }
    const nextByCard = new Map<string, readonly PeerFace[]>();
    for (const [card, l] of byCard) {
      const old = this.byCard.get(card);
      nextByCard.set(card, old && sameList(old, l) ? old : l);
    }
    this.byCard = nextByCard;

    const carets: RemoteCaret[] = [];
    for (const p of peers.values())
      if (p.caret) carets.push({ key: p.key, name: p.name, color: p.color, cursor: p.caret });
    const sameCarets =
      carets.length === this.caretList.length &&
      carets.every((c) => {
        const o = this.caretList.find((x) => x.key === c.key);
        return o && sameBytes(o.cursor, c.cursor) && o.name === c.name && o.color === c.color;
      });
    if (!sameCarets) this.caretList = carets;
    this.emit(this.faceList !== oldList || !sameCarets);
  }

  private emit(faces = true): void {
    for (const fn of [...this.listeners]) fn();
    if (faces) for (const fn of [...this.faceListeners]) fn();
  }
}

function batchId(): `0x${string}` {
  const b = new Uint8Array(8);
  crypto.getRandomValues(b);
  return bytesToHex(b);
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
