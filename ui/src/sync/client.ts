// The one WebSocket to the host: connects, keeps it alive with ping/pong, reconnects with backoff
// (0.5 s doubling to 10 s) and routes loro-protocol messages to the open rooms, which rejoin on
// every new connection: document rooms (`%LOR`, RoomSync) and presence rooms (`%EPH`,
// presence/sync.ts).
import type { LoroDoc } from "loro-crdt";
import type { ProtocolMessage } from "loro-protocol";
import { decode, encode, MessageType } from "loro-protocol";
import type { PresenceState } from "../presence/state";
import { PresenceSync } from "../presence/sync";
import { RoomSync, type RoomSyncOptions } from "./room";
import type { SocketFactory, SocketLike } from "./types";
import { SOCKET_OPEN } from "./types";

export const PING_INTERVAL_MS = 5_000;
export const DEAD_AFTER_MS = 10_000;
export const BACKOFF_START_MS = 500;
export const BACKOFF_MAX_MS = 10_000;

/** A host on this computer (127.0.0.0/8, ::1, localhost), which no network outage cuts off. */
export function isLoopback(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export interface SyncClientOptions {
  url: string;
  token: string;
  createSocket?: SocketFactory;
}

export class SyncClient {
  private socket: SocketLike | null = null;
  private open = false;
  private rooms = new Map<string, RoomSync>();
  private presence = new Map<string, PresenceSync>();
  private attempt = 0;
  private lastMessageAt = 0;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private loadTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private stopped = false;
  private readonly createSocket: SocketFactory;

  constructor(private readonly opts: SyncClientOptions) {
    this.createSocket = opts.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike);
  }

  /**
   * The browser saying the network is gone (Wi-Fi off, cable out) ends a socket to another
   * computer at once rather
   * than after the ping's 10–15 s of silence, so the save state says "offline" while the edits
   * are made; its saying the network is back reconnects at once, whatever the backoff had reached.
   */
  private readonly onBrowserOffline = (): void => {
    const ws = this.socket;
    // The desktop app's own host, on this computer, is still there with the Wi-Fi off.
    if (!ws || isLoopback(this.opts.url)) return;
    this.dropSocket(ws);
    ws.close();
  };

  private readonly onBrowserOnline = (): void => {
    if (this.stopped || this.socket) return;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.attempt = 0;
    this.connect();
  };

  private watchingNetwork = false;

  connect(): void {
    this.stopped = false;
    if (!this.watchingNetwork && typeof window !== "undefined") {
      window.addEventListener("offline", this.onBrowserOffline);
      window.addEventListener("online", this.onBrowserOnline);
      this.watchingNetwork = true;
    }
    if (this.socket) return;
    const ws = this.createSocket(this.opts.url);
    ws.binaryType = "arraybuffer";
    this.socket = ws;
    ws.onopen = () => {
      if (this.socket !== ws) return;
      this.open = true;
      this.attempt = 0;
      this.lastMessageAt = Date.now();
      this.startPing();
      for (const room of this.rooms.values()) room.join();
      for (const p of this.presence.values()) p.join();
    };
    ws.onmessage = (ev) => {
      if (this.socket !== ws) return;
      this.lastMessageAt = Date.now();
      this.onMessage(ev.data);
    };
    ws.onclose = () => this.dropSocket(ws);
    ws.onerror = () => {
      // onclose follows
    };
  }

  /** Opens (joins) a map; the room keeps rejoining on every new connection until closed. */
  openRoom(roomId: string, doc: LoroDoc, options: RoomSyncOptions = {}): RoomSync {
    this.closeRoom(roomId);
    const room = new RoomSync(
      roomId,
      doc,
      {
        send: (m) => this.send(m),
        isOpen: () => this.open,
        token: () => this.opts.token,
      },
      options,
    );
    this.rooms.set(roomId, room);
    if (this.open) room.join();
    return room;
  }

  closeRoom(roomId: string): void {
    const room = this.rooms.get(roomId);
    if (!room) return;
    room.dispose();
    this.rooms.delete(roomId);
  }

  /**
   * Opens a map's presence channel, publishing `initial` under `key` (a participant's id, or the
   * facilitator's local id); it rejoins on every new connection until closed.
   */
  openPresence(roomId: string, key: string, initial: PresenceState): PresenceSync {
    this.closePresence(roomId);
    const p = new PresenceSync(roomId, key, initial, {
      send: (m) => this.send(m),
      isOpen: () => this.open,
      token: () => this.opts.token,
    });
    this.presence.set(roomId, p);
    if (this.open) p.join();
    return p;
  }

  closePresence(roomId: string): void {
    const p = this.presence.get(roomId);
    if (!p) return;
    p.dispose();
    this.presence.delete(roomId);
  }

  destroy(): void {
    this.stopped = true;
    if (this.watchingNetwork) {
      window.removeEventListener("offline", this.onBrowserOffline);
      window.removeEventListener("online", this.onBrowserOnline);
      this.watchingNetwork = false;
    }
    for (const id of [...this.rooms.keys()]) this.closeRoom(id);
    for (const id of [...this.presence.keys()]) this.closePresence(id);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const ws = this.socket;
    if (ws) {
      this.dropSocket(ws);
      ws.close();
    }
  }

  private send(msg: ProtocolMessage): boolean {
    const ws = this.socket;
    if (!ws || !this.open || ws.readyState !== SOCKET_OPEN) return false;
    ws.send(encode(msg));
    return true;
  }

  private onMessage(data: unknown): void {
    if (typeof data === "string") {
      if (data === "ping") this.socket?.send("pong");
      return;
    }
    let bytes: Uint8Array;
    if (data instanceof ArrayBuffer) bytes = new Uint8Array(data);
    else if (data instanceof Uint8Array) bytes = data;
    else return;
    let msg: ProtocolMessage;
    try {
      msg = decode(bytes);
    } catch {
      return;
    }
    if (msg.crdt === "%EPH") {
      this.presence.get(msg.roomId)?.handle(msg);
      return;
    }
    if (msg.crdt !== "%LOR") return;
    const room = this.rooms.get(msg.roomId);
    if (!room) return;
    room.handle(msg);
    // The fallback waits for a pause in what the join brings, not for the whole of a large map
    // on a slow link.
    if (
      msg.type === MessageType.JoinResponseOk ||
      (this.loadTimers.has(room.roomId) && !room.getStatus().loaded)
    )
      this.scheduleLoadedFallback(room);
  }

  /**
   * If the host sends nothing more for a while after joining (nothing to backfill, or an answer
   * that never completes the map), consider the doc loaded.
   */
  private scheduleLoadedFallback(room: RoomSync): void {
    const prev = this.loadTimers.get(room.roomId);
    if (prev) clearTimeout(prev);
    this.loadTimers.set(
      room.roomId,
      setTimeout(() => {
        this.loadTimers.delete(room.roomId);
        room.markLoaded();
      }, 1500),
    );
  }

  private startPing(): void {
    this.stopPing();
    this.pingTimer = setInterval(() => {
      const ws = this.socket;
      if (!ws) return;
      if (Date.now() - this.lastMessageAt > DEAD_AFTER_MS) {
        this.dropSocket(ws);
        ws.close();
        return;
      }
      if (ws.readyState === SOCKET_OPEN) ws.send("ping");
    }, PING_INTERVAL_MS);
  }

  private stopPing(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }

  private dropSocket(ws: SocketLike): void {
    if (this.socket !== ws) return;
    ws.onopen = null;
    ws.onmessage = null;
    ws.onclose = null;
    ws.onerror = null;
    this.socket = null;
    this.open = false;
    this.stopPing();
    for (const t of this.loadTimers.values()) clearTimeout(t);
    this.loadTimers.clear();
    for (const room of this.rooms.values()) room.socketClosed();
    for (const p of this.presence.values()) p.socketClosed();
    if (!this.stopped) this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer) return;
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * 2 ** this.attempt);
    this.attempt += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
  }
}
