// What the outbox keeps in browser storage and how a map opened again takes it back: the entry
// and piece records (one whole export of a session's document, then the small updates appended
// after it), the storage they go to, and the restore that imports them into a fresh document
// before it joins its room (see outbox.ts for how and when they are written).
import { LoroDoc } from "loro-crdt";

export interface OutboxEntry {
  id: string;
  mapId: string;
  /**
   * `doc.export({ mode: "snapshot" })` of the whole document (entries kept by earlier versions hold
   * `mode: "update"`: both import alike into a fresh document).
   */
  bytes: Uint8Array;
  /**
   * What came after `bytes`, each piece the update since the one before (absent: none): the
   * entry's appended pieces in order, after those an older version kept inside the entry itself.
   */
  more?: Uint8Array[];
  savedAt: number;
  /**
   * Which whole export of the session this is (each put makes a new one): only pieces appended
   * to the same export follow it, so a put that failed never has a later export's pieces taken
   * for its own. Absent in entries kept before pieces were stored on their own.
   */
  generation?: number;
}

/** One update appended to an entry: stored on its own, so appending never rewrites the whole. */
export interface OutboxPiece {
  entryId: string;
  mapId: string;
  /** The entry's `generation` it follows. */
  generation: number;
  /** Order after that export, from 1. */
  seq: number;
  bytes: Uint8Array;
}

/**
 * Entries with their appended pieces in order, as `list` returns them; pieces of another
 * generation than their entry's are left out. A piece whose entry is missing (its whole export
 * was never stored, or another tab deleted it) comes back as an entry with no bytes, which
 * `restoreOutbox` drops, deleting the pieces with it.
 */
export function withPieces(entries: OutboxEntry[], pieces: OutboxPiece[]): OutboxEntry[] {
  const byEntry = new Map<string, OutboxPiece[]>();
  for (const piece of pieces) {
    const list = byEntry.get(piece.entryId) ?? [];
    list.push(piece);
    byEntry.set(piece.entryId, list);
  }
  const joined = entries.map((entry) => {
    const appended = (byEntry.get(entry.id) ?? [])
      .filter((p) => p.generation === entry.generation)
      .sort((a, b) => a.seq - b.seq);
    byEntry.delete(entry.id);
    if (appended.length === 0) return entry;
    return { ...entry, more: [...(entry.more ?? []), ...appended.map((p) => p.bytes)] };
  });
  for (const [entryId, orphans] of byEntry) {
    const mapId = orphans[0]?.mapId ?? "";
    joined.push({ id: entryId, mapId, bytes: new Uint8Array(), savedAt: 0 });
  }
  return joined;
}

/** An entry's updates in the order they are imported. */
export function entryPieces(entry: OutboxEntry): Uint8Array[] {
  return [entry.bytes, ...(entry.more ?? [])];
}

/** Where entries are kept. Operations must take effect in call order. */
export interface OutboxStorage {
  /** The map's entries, each with its appended pieces (see `withPieces`). */
  list(mapId: string): Promise<OutboxEntry[]>;
  /** Stores an entry, replacing it and any pieces appended to it before. */
  put(entry: OutboxEntry): Promise<void>;
  /**
   * Stores a piece; resolves whether its entry was there (another tab that replayed the entry,
   * once saved, deletes it: the writer then stores its whole document again).
   */
  append(piece: OutboxPiece): Promise<boolean>;
  /** Deletes an entry and its appended pieces. */
  delete(id: string): Promise<void>;
  /**
   * Resolves true only when nothing can be kept (the browser never made the storage): a map then
   * opens without waiting for it. Absent or false: the entries are read.
   */
  holdsNothing?(): Promise<boolean>;
}

export interface OutboxLog {
  warn(message: string, detail?: unknown): void;
}

export const consoleLog: OutboxLog = {
  warn: (message, detail) => console.warn(`[wayline outbox] ${message}`, detail ?? ""),
};

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * The pieces from the first on that import without missing history, checked on a scratch
 * document so a bad entry leaves nothing (not even pending changes) in the map's document: a
 * piece lost in between (a failed write, the page gone before it was made again) costs only what
 * came after it.
 */
function importablePrefix(pieces: Uint8Array[]): Uint8Array[] {
  const probe = new LoroDoc();
  const good: Uint8Array[] = [];
  for (const piece of pieces) {
    const status = probe.import(piece);
    if (status.pending && status.pending.size > 0) break;
    good.push(piece);
  }
  return good;
}

/**
 * Imports the entries kept for `mapId` into `doc` (a fresh document, before its room joins).
 * An entry that cannot be read, fails to import or needs history it does not carry is deleted and
 * logged; opening goes on. Returns the ids of the imported entries.
 */
export async function restoreOutbox(
  storage: OutboxStorage,
  mapId: string,
  doc: LoroDoc,
  log: OutboxLog = consoleLog,
): Promise<string[]> {
  let entries: OutboxEntry[];
  try {
    // (Only asked of a storage that can tell: awaiting nothing would still cost a turn.)
    if (storage.holdsNothing && (await storage.holdsNothing())) return [];
    entries = await storage.list(mapId);
  } catch (e) {
    log.warn(`could not read the kept edits of map ${mapId}`, e);
    return [];
  }
  entries.sort((a, b) => (a.savedAt ?? 0) - (b.savedAt ?? 0));
  const adopted: string[] = [];
  for (const entry of entries) {
    try {
      const pieces = Array.isArray(entry.more) ? entryPieces(entry) : [entry.bytes];
      if (pieces.some((p) => !(p instanceof Uint8Array) || p.length === 0))
        throw new Error("no update bytes");
      const whole = importablePrefix(pieces);
      if (whole.length === 0) throw new Error("the update needs history it does not carry");
      if (whole.length < pieces.length)
        log.warn(
          `kept edits ${entry.id} of map ${mapId}: a piece is missing, ${pieces.length - whole.length} later ones skipped`,
        );
      doc.importBatch(whole);
      adopted.push(entry.id);
    } catch (e) {
      log.warn(`dropping kept edits ${entry.id} of map ${mapId}: ${describe(e)}`, e);
      storage.delete(entry.id).catch((err: unknown) => log.warn("could not drop an entry", err));
    }
  }
  return adopted;
}
