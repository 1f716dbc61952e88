// Test doubles of the sync layer shared by the unit tests: a socket the test drives by hand and a
// minimal host on a real LoroDoc (answers joins with its version plus a backfill, imports and
// acknowledges updates, and on request refuses them as the host does). Kept under test/ so that nothing in the app bundle can import them.
import { decodeImportBlobMeta, LoroDoc, VersionVector } from "loro-crdt";
import type { HexString, ProtocolMessage } from "loro-protocol";
import { decode, encode, MessageType, RoomErrorCode, UpdateStatusCode } from "loro-protocol";
import { SyncClient } from "../../src/sync/client";
import { FragmentInbox } from "../../src/sync/fragments";
import type { SocketLike } from "../../src/sync/types";

export class FakeSocket implements SocketLike {
  binaryType: BinaryType = "blob";
  readyState = 0;
  sent: (string | Uint8Array)[] = [];
  onopen: ((ev: Event) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string | ArrayBufferLike | Uint8Array): void {
    this.sent.push(typeof data === "string" ? data : new Uint8Array(data as ArrayBuffer));
  }
  close(): void {
    this.readyState = 3;
  }
  serverOpen(): void {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }
  serverClose(): void {
    this.readyState = 3;
    this.onclose?.(new Event("close") as CloseEvent);
  }
  deliver(msg: ProtocolMessage | string): void {
    const data = typeof msg === "string" ? msg : encode(msg).slice().buffer;
    this.onmessage?.(new MessageEvent("message", { data }));
  }
  messages(): ProtocolMessage[] {
    return this.sent.filter((d): d is Uint8Array => typeof d !== "string").map((d) => decode(d));
  }
}

/** A minimal host: answers joins with its version plus a backfill, imports updates, acks them. */
export class FakeHost {
  doc = new LoroDoc();
  autoAck = true;
  ackStatus: UpdateStatusCode = UpdateStatusCode.Ok;
  handled = 0;
  inbox = new FragmentInbox();
  /** Refuses, with a rejoin first, updates that need history this host lacks (as the host does). */
  checked = false;
  /** Refuses a batch for its content when this says so (nothing of it is imported). */
  refuses: (updates: Uint8Array[]) => boolean = () => false;
  /** The batches refused for their content, and the size of each batch taken. */
  refusedBatches: Uint8Array[][] = [];
  batches: number[] = [];
  process(sock: FakeSocket): void {
    for (;;) {
      const msgs = sock.messages().slice(this.handled);
      if (msgs.length === 0) return;
      this.handled += msgs.length;
      for (const m of msgs) this.handle(sock, m);
    }
  }
  handle(sock: FakeSocket, m: ProtocolMessage): void {
    if (m.type === MessageType.JoinRequest) {
      const theirs = VersionVector.decode(m.version);
      sock.deliver({
        type: MessageType.JoinResponseOk,
        crdt: "%LOR",
        roomId: m.roomId,
        permission: "write",
        version: this.doc.oplogVersion().encode(),
      });
      sock.deliver({
        type: MessageType.DocUpdate,
        crdt: "%LOR",
        roomId: m.roomId,
        updates: [this.doc.export({ mode: "update", from: theirs })],
        batchId: "0x0000000000000000",
      });
    } else if (m.type === MessageType.DocUpdate) {
      if (this.checked && !this.lacksNothingFor(m.updates)) {
        // as the host does: the rejoin first, then the refusal
        sock.deliver({
          type: MessageType.RoomError,
          crdt: "%LOR",
          roomId: m.roomId,
          code: RoomErrorCode.RejoinSuggested,
          message: "the update needs earlier changes",
        });
        this.answer(sock, m.roomId, m.batchId, UpdateStatusCode.InvalidUpdate);
        return;
      }
      if (this.refuses(m.updates)) {
        this.refusedBatches.push(m.updates);
        this.answer(sock, m.roomId, m.batchId, UpdateStatusCode.InvalidUpdate);
        return;
      }
      this.doc.importBatch(m.updates);
      this.batches.push(m.updates.length);
      if (this.autoAck) this.ack(sock, m.roomId, m.batchId);
    } else if (m.type === MessageType.DocUpdateFragmentHeader) {
      this.inbox.start(m);
    } else if (m.type === MessageType.DocUpdateFragment) {
      const whole = this.inbox.add(m);
      if (whole) {
        this.doc.import(whole);
        if (this.autoAck) this.ack(sock, m.roomId, m.batchId);
      }
    }
  }
  ack(sock: FakeSocket, roomId: string, refId: HexString): void {
    this.answer(sock, roomId, refId, this.ackStatus);
  }
  answer(sock: FakeSocket, roomId: string, refId: HexString, status: UpdateStatusCode): void {
    sock.deliver({ type: MessageType.Ack, crdt: "%LOR", roomId, refId, status });
  }
  /** Whether every update builds only on what this host has or on the ones before it. */
  private lacksNothingFor(updates: Uint8Array[]): boolean {
    const known = new Map(this.doc.oplogVersion().toJSON());
    for (const update of updates) {
      const meta = decodeImportBlobMeta(update, false);
      for (const [peer, counter] of meta.partialStartVersionVector.toJSON())
        if ((known.get(peer) ?? 0) < counter) return false;
      for (const [peer, counter] of meta.partialEndVersionVector.toJSON())
        if (counter > (known.get(peer) ?? 0)) known.set(peer, counter);
    }
    return true;
  }
}

/** A sync client on fake sockets: `last()` is the socket it opened most recently. */
/** `url`: the host's socket address (a teammate's screen reaches the facilitator over the LAN). */
export function clientOnFakeSockets(url = "ws://127.0.0.1:1/ws?token=t"): {
  client: SyncClient;
  sockets: FakeSocket[];
  last: () => FakeSocket;
} {
  const sockets: FakeSocket[] = [];
  const client = new SyncClient({
    url,
    token: "secret",
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
  });
  const last = () => {
    const s = sockets[sockets.length - 1];
    if (!s) throw new Error("no socket");
    return s;
  };
  return { client, sockets, last };
}
