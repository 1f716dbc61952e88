// Splits oversized document updates into protocol fragments and reassembles incoming ones; the
// host refuses messages above loro-protocol's 256 KB cap, so anything above 240 KB is fragmented.
import type { DocUpdateFragment, DocUpdateFragmentHeader, HexString } from "loro-protocol";
import { MessageType } from "loro-protocol";

export const FRAGMENT_LIMIT = 240 * 1024;

export function fragmentUpdate(
  roomId: string,
  batchId: HexString,
  bytes: Uint8Array,
  limit = FRAGMENT_LIMIT,
): [DocUpdateFragmentHeader, ...DocUpdateFragment[]] {
  const count = Math.ceil(bytes.length / limit);
  const header: DocUpdateFragmentHeader = {
    type: MessageType.DocUpdateFragmentHeader,
    crdt: "%LOR",
    roomId,
    batchId,
    fragmentCount: count,
    totalSizeBytes: bytes.length,
  };
  const parts: DocUpdateFragment[] = [];
  for (let i = 0; i < count; i++) {
    parts.push({
      type: MessageType.DocUpdateFragment,
      crdt: "%LOR",
      roomId,
      batchId,
      index: i,
      fragment: bytes.subarray(i * limit, Math.min(bytes.length, (i + 1) * limit)),
    });
  }
  return [header, ...parts];
}

interface Inbox {
  header: DocUpdateFragmentHeader;
  parts: Map<number, Uint8Array>;
}

/** Collects fragments per batch; `add` returns the whole update once every fragment arrived. */
export class FragmentInbox {
  private batches = new Map<string, Inbox>();

  start(header: DocUpdateFragmentHeader): void {
    this.batches.set(header.batchId, { header, parts: new Map() });
  }

  add(frag: DocUpdateFragment): Uint8Array | null {
    const inbox = this.batches.get(frag.batchId);
    if (!inbox) return null;
    inbox.parts.set(frag.index, frag.fragment);
    if (inbox.parts.size < inbox.header.fragmentCount) return null;
    this.batches.delete(frag.batchId);
    const out = new Uint8Array(inbox.header.totalSizeBytes);
    let offset = 0;
    for (let i = 0; i < inbox.header.fragmentCount; i++) {
      const part = inbox.parts.get(i);
      if (!part || offset + part.length > out.length) return null;
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }

  clear(): void {
    this.batches.clear();
  }
}
