// The outbox as a page uses it, for tests: an IndexedDB stand-in, a page whose pagehide and
// visibility can be driven, and a map opened the way useOpenMap does (restore, room, outbox) on the
// real sync client with a fake socket. Test-only: nothing in src/ imports it.
import { LoroDoc } from "loro-crdt";
import { expect } from "vitest";
import type { SyncClient } from "../../src/sync/client";
import { MapOutbox } from "../../src/sync/outbox";
import {
  entryPieces,
  type OutboxEntry,
  type OutboxPiece,
  type OutboxStorage,
  restoreOutbox,
  withPieces,
} from "../../src/sync/outboxEntries";
import type { RoomSync } from "../../src/sync/room";
import { clientOnFakeSockets, type FakeHost, type FakeSocket } from "./doubles";

export class MemoryStorage implements OutboxStorage {
  entries = new Map<string, OutboxEntry>();
  pieces = new Map<string, OutboxPiece>();
  failList = false;
  list(mapId: string): Promise<OutboxEntry[]> {
    if (this.failList) return Promise.reject(new Error("storage unavailable"));
    return Promise.resolve(
      this.forMap(mapId).map((e) => ({
        ...e,
        bytes: e.bytes instanceof Uint8Array ? e.bytes.slice() : e.bytes,
      })),
    );
  }
  failPut = false;
  put(entry: OutboxEntry): Promise<void> {
    if (this.failPut) return Promise.reject(new Error("disk full"));
    this.dropPieces(entry.id);
    this.entries.set(entry.id, {
      ...entry,
      bytes: entry.bytes.slice(),
      more: entry.more?.map((p) => p.slice()),
    });
    return Promise.resolve();
  }
  append(piece: OutboxPiece): Promise<boolean> {
    if (this.failPut) return Promise.reject(new Error("disk full"));
    const key = `${piece.entryId}#${piece.generation}#${piece.seq}`;
    this.pieces.set(key, { ...piece, bytes: piece.bytes.slice() });
    return Promise.resolve(this.entries.has(piece.entryId));
  }
  delete(id: string): Promise<void> {
    this.entries.delete(id);
    this.dropPieces(id);
    return Promise.resolve();
  }
  private dropPieces(entryId: string): void {
    for (const [key, piece] of this.pieces) if (piece.entryId === entryId) this.pieces.delete(key);
  }
  /** The map's entries with their pieces, as `list` gives them. */
  forMap(mapId: string): OutboxEntry[] {
    return withPieces(
      [...this.entries.values()].filter((e) => e.mapId === mapId),
      [...this.pieces.values()].filter((p) => p.mapId === mapId),
    );
  }
}

/** A page: its own window/document event targets, so pagehide and visibility can be driven. */
export class FakePage {
  win = new EventTarget();
  visibility = Object.assign(new EventTarget(), {
    visibilityState: "visible" as DocumentVisibilityState,
  });
  hide(): void {
    this.visibility.visibilityState = "hidden";
    this.visibility.dispatchEvent(new Event("visibilitychange"));
  }
}

export interface Session {
  client: SyncClient;
  sockets: FakeSocket[];
  socket(): FakeSocket;
  doc: LoroDoc;
  room: RoomSync;
  outbox: MapOutbox;
  page: FakePage;
  close(): void;
}

/** Opens map `m1` the way useOpenMap does: restore the outbox, then the room, then the outbox. */
export async function openSession(storage: OutboxStorage, mapId = "m1"): Promise<Session> {
  const { client, sockets, last: socket } = clientOnFakeSockets();
  const doc = new LoroDoc();
  const adopted = await restoreOutbox(storage, mapId, doc);
  client.connect();
  const room = client.openRoom(mapId, doc);
  const page = new FakePage();
  const outbox = new MapOutbox({
    mapId,
    doc,
    room,
    storage,
    adopted,
    windowTarget: page.win,
    documentTarget: page.visibility,
  });
  return {
    client,
    sockets,
    socket,
    doc,
    room,
    outbox,
    page,
    close: () => {
      outbox.dispose();
      client.destroy();
    },
  };
}

/** Connects the session's current socket to `host` (a fresh handshake). */
export function connect(s: Session, host: FakeHost): void {
  s.socket().serverOpen();
  host.handled = 0;
  host.process(s.socket());
}

export function addCard(doc: LoroDoc, id: string, text: string): void {
  doc.getMap("cards").set(id, text);
  doc.commit();
}

/** The cards a kept entry gives a fresh document (its whole export and the pieces after it). */
export function cardsOf(entry: OutboxEntry): Record<string, unknown> {
  const d = new LoroDoc();
  const status = d.importBatch(entryPieces(entry));
  expect(status.pending?.size ?? 0).toBe(0);
  return d.getMap("cards").toJSON() as Record<string, unknown>;
}

export const quiet = { warn: () => {} };

export function fail(): never {
  throw new Error("nothing kept");
}
