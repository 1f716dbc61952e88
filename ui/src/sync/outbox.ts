// The durable outbox of one open map: while this session has edits the host may not have
// acknowledged, the document is kept in browser storage, written in the same task as each edit —
// a page reloaded or closed a moment after a keystroke may never run its pagehide handlers (a
// busy browser gives an unloading page little time), so nothing waits for a timer or for the page
// to go. What is written is small: the session's entry holds one whole export of the document (a
// Loro snapshot, so a fresh document can import it without any other history), made at its first
// edit, and each later edit appends one piece of its own (the update since the piece before, a few
// hundred bytes) until MAX_PIECES pieces make it worth exporting the whole again. A snapshot, not
// an update: Loro keeps the encoded blocks of what it imported and re-encodes only what changed,
// so the export that a keystroke makes takes ~1.5 ms at 2,000 cards against ~15 ms for the same
// document as an update (~6 against ~75 ms at 10,000). A write
// that fails, or a piece that finds its entry gone (another tab replayed it and, once saved,
// deleted it), makes the session store the whole again at once; each whole export is a new
// generation, so pieces never join the wrong one, and a restore keeps what comes before a missing
// piece. Once the
// host has acknowledged everything (state "saved") and no edit followed for CLEAR_AFTER_MS, the
// entry is deleted; waiting keeps a typing burst on one whole export instead of one per keystroke.
// When the map is opened again, before joining, the kept entries are imported into the fresh
// document; the join handshake then sends the host whatever it lacks, and the entries are deleted
// once that is acknowledged. Loro imports are idempotent, so replaying edits the host already has
// is harmless.
//
// Each open of a map writes its own entry (id = map id + a random session id), so two tabs on the
// same map never delete each other's edits: a session deletes only its own entry and the entries
// it imported (and therefore sent to the host) itself.
import type { LoroDoc, VersionVector } from "loro-crdt";
import { consoleLog, type OutboxLog, type OutboxStorage } from "./outboxEntries";
import { randomBatchId } from "./room";
import type { SaveState } from "./types";

/** The pieces after an entry's whole export before the whole is exported again. */
export const MAX_PIECES = 100;

/** The part of a room the outbox watches. */
export interface SaveStateSource {
  getStatus(): { state: SaveState };
  subscribe(fn: () => void): () => void;
}

/** How long the host's acknowledgement of everything stands, no edit after it, before the entry goes. */
export const CLEAR_AFTER_MS = 2_000;

export interface MapOutboxOptions {
  mapId: string;
  doc: LoroDoc;
  room: SaveStateSource;
  storage: OutboxStorage;
  /** Entry ids imported by restoreOutbox: deleted once this session is saved. */
  adopted?: string[];
  /**
   * Delete the adopted entries as soon as this session's whole document is stored, not once it
   * is saved: it holds everything of theirs that is to be kept (a map opened again after a
   * refused edit was set aside; a reload before then would bring the refused edit back).
   */
  retireAdoptedOnceStored?: boolean;
  /** How long everything must stay acknowledged before the entry is deleted (CLEAR_AFTER_MS). */
  clearAfterMs?: number;
  log?: OutboxLog;
  /** Where pagehide / visibilitychange are listened for (the browser's by default). */
  windowTarget?: Pick<Window, "addEventListener" | "removeEventListener"> | null;
  documentTarget?: Pick<
    Document,
    "addEventListener" | "removeEventListener" | "visibilityState"
  > | null;
  now?: () => number;
}

export class MapOutbox {
  readonly entryId: string;
  private readonly mapId: string;
  private readonly doc: LoroDoc;
  private readonly room: SaveStateSource;
  private readonly storage: OutboxStorage;
  private readonly clearAfterMs: number;
  private readonly log: OutboxLog;
  private readonly now: () => number;
  private adopted: string[];
  private readonly retireAdoptedOnceStored: boolean;
  /** This session may hold edits the host has not acknowledged (own or imported from storage). */
  private unconfirmed: boolean;
  /** Our own entry may exist in storage. */
  private stored = false;
  /** The version our entry reaches (null: the next write stores the whole document). */
  private written: VersionVector | null = null;
  /** Pieces appended since the entry's whole export, and which export that is. */
  private pieceCount = 0;
  private generation = 0;
  /** Writes made and the last one known stored: a write still on its way may yet fail. */
  private writes = 0;
  private storedWrite = 0;
  private clearTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;
  private readonly cleanups: (() => void)[] = [];

  constructor(opts: MapOutboxOptions) {
    this.mapId = opts.mapId;
    this.doc = opts.doc;
    this.room = opts.room;
    this.storage = opts.storage;
    this.clearAfterMs = opts.clearAfterMs ?? CLEAR_AFTER_MS;
    this.log = opts.log ?? consoleLog;
    this.now = opts.now ?? Date.now;
    this.adopted = [...(opts.adopted ?? [])];
    this.retireAdoptedOnceStored = opts.retireAdoptedOnceStored ?? false;
    this.unconfirmed = this.adopted.length > 0;
    this.entryId = `${opts.mapId}:${randomBatchId()}`;

    this.cleanups.push(this.doc.subscribeLocalUpdates(() => this.onLocalEdit()));
    this.cleanups.push(this.room.subscribe(() => this.onStatus()));

    const win =
      opts.windowTarget !== undefined
        ? opts.windowTarget
        : typeof window === "undefined"
          ? null
          : window;
    const d =
      opts.documentTarget !== undefined
        ? opts.documentTarget
        : typeof document === "undefined"
          ? null
          : document;
    if (win) {
      const onHide = () => this.flush();
      win.addEventListener("pagehide", onHide);
      this.cleanups.push(() => win.removeEventListener("pagehide", onHide));
    }
    if (d) {
      const onVisibility = () => {
        if (d.visibilityState === "hidden") this.flush();
      };
      d.addEventListener("visibilitychange", onVisibility);
      this.cleanups.push(() => d.removeEventListener("visibilitychange", onVisibility));
    }
    this.onStatus();
  }

  /**
   * Makes sure what is unacknowledged is stored (page hidden, map closed): every edit was written
   * as it was made, so this writes only what a failed or still unconfirmed write may lack.
   */
  flush(): void {
    if (this.unconfirmed && this.room.getStatus().state !== "saved") this.write();
  }

  /**
   * Stops watching for good, keeping what is stored, and gives the ids of the entries that still
   * hold this session's edits: the session that takes over (the same map opened again with a
   * refused edit set aside) adopts them and deletes them once its own edits are acknowledged.
   */
  handOver(): string[] {
    this.dispose();
    return [...this.adopted.splice(0), this.entryId];
  }

  /** Stops watching; anything still unacknowledged is written first, an entry no longer needed deleted. */
  dispose(): void {
    if (this.disposed) return;
    this.flush();
    if (!this.unconfirmed && this.room.getStatus().state === "saved") this.clear();
    this.cancelClear();
    this.disposed = true;
    for (const fn of this.cleanups.splice(0)) fn();
  }

  private onLocalEdit(): void {
    this.unconfirmed = true;
    this.cancelClear();
    this.write();
  }

  private onStatus(): void {
    if (this.disposed) return;
    if (this.room.getStatus().state === "saved") this.confirmed();
  }

  /** The host acknowledged everything this session holds: its entries are no longer needed. */
  private confirmed(): void {
    this.unconfirmed = false;
    for (const id of this.adopted.splice(0)) this.deleteEntry(id);
    if (this.stored && !this.clearTimer) {
      this.clearTimer = setTimeout(() => {
        this.clearTimer = null;
        if (!this.unconfirmed && this.room.getStatus().state === "saved") this.clear();
      }, this.clearAfterMs);
    }
  }

  /** Deletes our own entry; the next edit starts a new one with a whole export. */
  private clear(): void {
    this.cancelClear();
    if (!this.stored) return;
    this.stored = false;
    this.forgetWritten();
    this.deleteEntry(this.entryId);
  }

  private deleteEntry(id: string): void {
    this.storage
      .delete(id)
      .catch((e: unknown) => this.log.warn(`could not clear kept edits ${id}`, e));
  }

  private cancelClear(): void {
    if (this.clearTimer) clearTimeout(this.clearTimer);
    this.clearTimer = null;
  }

  /** Stores the whole document again, if anything is still unacknowledged. */
  private rewrite(): void {
    this.forgetWritten();
    if (!this.disposed && this.unconfirmed && this.room.getStatus().state !== "saved") this.write();
  }

  private forgetWritten(): void {
    this.written = null;
    this.pieceCount = 0;
  }

  /**
   * Stores what the entry lacks: one piece (the update since the last write) or, for a new entry,
   * after MAX_PIECES pieces or after a failed write, the whole document.
   */
  private write(): void {
    let whole: Uint8Array | null = null;
    let piece: Uint8Array | null = null;
    let version: VersionVector;
    try {
      version = this.doc.oplogVersion();
      const unchanged = this.written !== null && this.written.compare(version) === 0;
      // Nothing new since the last write: skipped once that write is stored; one still on its
      // way may yet fail, so the whole is stored again behind it.
      if (unchanged && this.storedWrite === this.writes) return;
      if (this.written && !unchanged && this.pieceCount < MAX_PIECES) {
        piece = this.doc.export({ mode: "update", from: this.written });
      } else {
        whole = this.doc.export({ mode: "snapshot" });
      }
    } catch (e) {
      this.forgetWritten();
      this.log.warn(`could not export map ${this.mapId}`, e);
      return;
    }
    this.written = version;
    this.stored = true;
    const write = ++this.writes;
    let stored: Promise<boolean>;
    if (piece) {
      this.pieceCount += 1;
      stored = this.storage.append({
        entryId: this.entryId,
        mapId: this.mapId,
        generation: this.generation,
        seq: this.pieceCount,
        bytes: piece,
      });
    } else {
      this.pieceCount = 0;
      this.generation += 1;
      stored = this.storage
        .put({
          id: this.entryId,
          mapId: this.mapId,
          bytes: whole ?? new Uint8Array(),
          savedAt: this.now(),
          generation: this.generation,
        })
        .then(() => {
          if (this.retireAdoptedOnceStored)
            for (const id of this.adopted.splice(0)) this.deleteEntry(id);
          return true;
        });
    }
    const generation = this.generation;
    stored.then(
      (entryThere) => {
        if (entryThere) {
          this.storedWrite = Math.max(this.storedWrite, write);
          return;
        }
        // Another tab replayed our entry and, saved, deleted it: what it held is on the host;
        // what came after is in pieces nothing follows. The whole document is stored again.
        if (generation === this.generation) this.rewrite();
      },
      (e: unknown) => {
        this.log.warn(`could not keep the edits of map ${this.mapId}`, e);
        if (generation !== this.generation) return;
        // A lost piece: the whole is stored again at once, not at the next edit (the page may go
        // without one). A whole export that failed is tried again at the next write, not in a
        // loop against a full disk.
        if (piece) this.rewrite();
        else this.forgetWritten();
      },
    );
  }
}
