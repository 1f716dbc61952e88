// The durable outbox of one open map: while the room's save state is not "saved" and this session
// has edits the host may not have acknowledged, the whole document (a full Loro update export, so
// a fresh document can import it without any other history) is kept in browser storage, debounced
// and again when the page is hidden or closed. Exporting the whole document costs ~8 ms at 2,000
// cards and ~40 ms at 10,000, and offline it would happen on every keystroke: so the entry keeps
// that export once and, after it, only what each later write adds (a few hundred bytes), until
// MAX_PIECES pieces make it worth exporting the whole again. Once the host has acknowledged everything (state
// "saved") the entry is deleted. When the map is opened again, before joining, the kept entries
// are imported into the fresh document; the join handshake then sends the host whatever it lacks,
// and the entries are deleted once that is acknowledged. Loro imports are idempotent, so replaying
// edits the host already has is harmless.
//
// Each open of a map writes its own entry (id = map id + a random session id), so two tabs on the
// same map never delete each other's edits: a session deletes only its own entry and the entries
// it imported (and therefore sent to the host) itself.
import { LoroDoc, type VersionVector } from "loro-crdt";
import { randomBatchId } from "./room";
import type { SaveState } from "./types";

export interface OutboxEntry {
  id: string;
  mapId: string;
  /** `doc.export({ mode: "update" })` of the whole document. */
  bytes: Uint8Array;
  /** What came after `bytes`, each piece the update since the one before (absent: none). */
  more?: Uint8Array[];
  savedAt: number;
}

/** The pieces after an entry's whole export before the whole is exported again. */
export const MAX_PIECES = 100;

/** An entry's updates in the order they are imported. */
export function entryPieces(entry: OutboxEntry): Uint8Array[] {
  return [entry.bytes, ...(entry.more ?? [])];
}

/** Where entries are kept. Operations must take effect in call order. */
export interface OutboxStorage {
  list(mapId: string): Promise<OutboxEntry[]>;
  put(entry: OutboxEntry): Promise<void>;
  delete(id: string): Promise<void>;
}

/** The part of a room the outbox watches. */
export interface SaveStateSource {
  getStatus(): { state: SaveState };
  subscribe(fn: () => void): () => void;
}

export interface OutboxLog {
  warn(message: string, detail?: unknown): void;
}

const consoleLog: OutboxLog = {
  warn: (message, detail) => console.warn(`[wayline outbox] ${message}`, detail ?? ""),
};

export const OUTBOX_DEBOUNCE_MS = 300;

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
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
      // Check on a scratch document first, so a bad entry leaves nothing (not even pending
      // changes) in the map's document.
      const probe = new LoroDoc();
      const status = probe.importBatch(pieces);
      if (status.pending && status.pending.size > 0)
        throw new Error("the update needs history it does not carry");
      doc.importBatch(pieces);
      adopted.push(entry.id);
    } catch (e) {
      log.warn(`dropping kept edits ${entry.id} of map ${mapId}: ${describe(e)}`, e);
      storage.delete(entry.id).catch((err: unknown) => log.warn("could not drop an entry", err));
    }
  }
  return adopted;
}

export interface MapOutboxOptions {
  mapId: string;
  doc: LoroDoc;
  room: SaveStateSource;
  storage: OutboxStorage;
  /** Entry ids imported by restoreOutbox: deleted once this session is saved. */
  adopted?: string[];
  debounceMs?: number;
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
  private readonly debounceMs: number;
  private readonly log: OutboxLog;
  private readonly now: () => number;
  private adopted: string[];
  /** This session may hold edits the host has not acknowledged (own or imported from storage). */
  private unconfirmed: boolean;
  /** Our own entry may exist in storage. */
  private stored = false;
  /** What our entry holds: the whole export, the pieces after it, and the version they reach. */
  private whole: Uint8Array | null = null;
  private pieces: Uint8Array[] = [];
  private written: VersionVector | null = null;
  /** Puts made and the last one known stored: equal, a write of the same version is skipped. */
  private puts = 0;
  private storedPut = -1;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;
  private readonly cleanups: (() => void)[] = [];

  constructor(opts: MapOutboxOptions) {
    this.mapId = opts.mapId;
    this.doc = opts.doc;
    this.room = opts.room;
    this.storage = opts.storage;
    this.debounceMs = opts.debounceMs ?? OUTBOX_DEBOUNCE_MS;
    this.log = opts.log ?? consoleLog;
    this.now = opts.now ?? Date.now;
    this.adopted = [...(opts.adopted ?? [])];
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

  /** Writes the kept edits now if there is anything unacknowledged (page hidden, map closed). */
  flush(): void {
    this.clearTimer();
    if (this.unconfirmed && this.room.getStatus().state !== "saved") this.write();
  }

  /** Stops watching; anything still unacknowledged is written first. */
  dispose(): void {
    if (this.disposed) return;
    this.flush();
    this.disposed = true;
    for (const fn of this.cleanups.splice(0)) fn();
  }

  private onLocalEdit(): void {
    this.unconfirmed = true;
    // Offline, the tab may be closed any moment and nothing else holds the edit: keep it at
    // once. Online, the acknowledgement usually comes first, so a short delay saves work.
    if (this.room.getStatus().state === "offline") {
      this.clearTimer();
      this.write();
    } else {
      this.schedule();
    }
  }

  private onStatus(): void {
    if (this.disposed) return;
    if (this.room.getStatus().state === "saved") this.confirmed();
    else if (this.unconfirmed) this.schedule();
  }

  /** The host acknowledged everything this session holds: its entries are no longer needed. */
  private confirmed(): void {
    this.clearTimer();
    this.unconfirmed = false;
    const ids = this.adopted.splice(0);
    if (this.stored) ids.push(this.entryId);
    this.stored = false;
    this.forgetWritten();
    for (const id of ids) {
      this.storage
        .delete(id)
        .catch((e: unknown) => this.log.warn(`could not clear kept edits ${id}`, e));
    }
  }

  private schedule(): void {
    if (this.disposed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.unconfirmed && this.room.getStatus().state !== "saved") this.write();
    }, this.debounceMs);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private forgetWritten(): void {
    this.whole = null;
    this.pieces = [];
    this.written = null;
  }

  private write(): void {
    try {
      const version = this.doc.oplogVersion();
      if (this.whole && this.written && this.pieces.length < MAX_PIECES) {
        // Nothing new since the last write (a flush after a debounced write, say): skipped once
        // that write is stored; a put still on its way may yet fail, so it is made again.
        if (this.written.compare(version) === 0) {
          if (this.storedPut === this.puts) return;
        } else this.pieces.push(this.doc.export({ mode: "update", from: this.written }));
      } else {
        this.whole = this.doc.export({ mode: "update" });
        this.pieces = [];
      }
      this.written = version;
    } catch (e) {
      this.forgetWritten();
      this.log.warn(`could not export map ${this.mapId}`, e);
      return;
    }
    this.stored = true;
    const put = ++this.puts;
    this.storage
      .put({
        id: this.entryId,
        mapId: this.mapId,
        bytes: this.whole,
        more: [...this.pieces],
        savedAt: this.now(),
      })
      .then(() => {
        this.storedPut = Math.max(this.storedPut, put);
      })
      .catch((e: unknown) => {
        // The next write keeps the whole document again rather than build on what failed.
        this.forgetWritten();
        this.log.warn(`could not keep the edits of map ${this.mapId}`, e);
      });
  }
}
