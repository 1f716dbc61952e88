// Test doubles of the sync layer shared by the unit tests: a socket the test drives by hand and a
// minimal host on a real LoroDoc (answers joins with its version plus a backfill, imports and
// acknowledges updates). Kept under test/ so that nothing in the app bundle can import them.
import { LoroDoc, VersionVector } from "loro-crdt";
import type { HexString, ProtocolMessage } from "loro-protocol";
import { decode, encode, MessageType, UpdateStatusCode } from "loro-protocol";
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
      this.doc.importBatch(m.updates);
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
    sock.deliver({ type: MessageType.Ack, crdt: "%LOR", roomId, refId, status: this.ackStatus });
  }
}
