// A thin promise wrapper over the browser's IndexedDB for the per-map outbox (see outbox.ts): one
// database "wayline", one object store "outbox" keyed by id with an index on the map id, holding
// the entries (id = entry id) and the pieces appended to them (id = entry id + "#" + export +
// "#" + order, with `entryId`, `generation` and `seq`), so appending a piece writes a few hundred
// bytes, not the entry again.
// Operations take effect in call order: once the database is open every call starts its
// transaction at once (IndexedDB runs overlapping read-write transactions in creation order), and
// calls made before that wait on the same open request, in order.
import {
  type OutboxEntry,
  type OutboxPiece,
  type OutboxStorage,
  withPieces,
} from "./outboxEntries";

export const OUTBOX_DB = "wayline";
export const OUTBOX_STORE = "outbox";
/**
 * 2 since an entry's later edits are pieces of their own. A tab still running a build from before
 * (open since the host was updated) read every record of a map as an entry and deleted what it
 * could not import: another tab's pieces, with the edits in them. Such a tab asks for version 1:
 * its open connection is closed when a newer tab upgrades, and opening again fails, so it keeps no
 * edits of its own (they still go to the host live) but deletes nothing. The upgrade keeps every
 * record: the store is the same.
 */
export const DB_VERSION = 2;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
  });
}

interface PieceRecord extends OutboxPiece {
  id: string;
}

function isPiece(record: OutboxEntry | PieceRecord): record is PieceRecord {
  return typeof (record as Partial<PieceRecord>).entryId === "string";
}

/** Where an entry's pieces are: ids sort by entry, export, then order (padded: as strings too). */
function pieceId(piece: OutboxPiece): string {
  const pad = (n: number) => String(n).padStart(9, "0");
  return `${piece.entryId}#${pad(piece.generation)}#${pad(piece.seq)}`;
}

function piecesOf(entryId: string): IDBKeyRange {
  return IDBKeyRange.bound(`${entryId}#`, `${entryId}#\uffff`);
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction aborted"));
    tx.onerror = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
  });
}

function openDb(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = factory.open(OUTBOX_DB, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(OUTBOX_STORE)) {
        const store = db.createObjectStore(OUTBOX_STORE, { keyPath: "id" });
        store.createIndex("mapId", "mapId", { unique: false });
      }
    };
    req.onsuccess = () => {
      const db = req.result;
      // another tab upgrading the schema: let it, we reopen on the next call
      db.onversionchange = () => db.close();
      resolve(db);
    };
    req.onerror = () => reject(req.error ?? new Error("IndexedDB open failed"));
    // A tab of an older build still holds the database while this one upgrades it: it closes its
    // connection at the version change, and the open then goes on (rejecting here would leave
    // that late connection open and unused, blocking the next upgrade).
    req.onblocked = () => console.info("the outbox database waits for another tab to close it");
  });
}

/** How long listing the databases may take before the answer is "cannot tell". */
const LIST_WITHIN_MS = 100;

/** Whether `factory` has no database of the outbox; false when it cannot tell in time. */
function neverMade(factory: IDBFactory): Promise<boolean> {
  if (typeof factory.databases !== "function") return Promise.resolve(false);
  const listed = factory.databases().then(
    (all) => !all.some((db) => db.name === OUTBOX_DB),
    () => false,
  );
  const late = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), LIST_WITHIN_MS));
  return Promise.race([listed, late]);
}

export class IdbOutboxStorage implements OutboxStorage {
  private db: IDBDatabase | null = null;
  private opening: Promise<IDBDatabase> | null = null;
  /** Whether the database was missing when first asked, before this page made it. */
  private missing: Promise<boolean> | null = null;
  /**
   * Whether that answer has served a map's opening: it holds for the first only, since another
   * tab may keep edits afterwards and be closed before it could send them.
   */
  private answered = false;
  /** Whether this page has written: then it may hold what it wrote, whatever was asked before. */
  private wrote = false;

  /**
   * `asksFirst`: whether a missing database may spare a map's opening the wait for it (not in the
   * desktop window, whose returning user always has it, and where a wrong answer from its engine
   * would go unnoticed).
   */
  constructor(
    private readonly factory: IDBFactory,
    private readonly asksFirst = true,
  ) {}

  /** Runs `fn` with the open database: synchronously when already open, otherwise after opening. */
  private withDb<T>(fn: (db: IDBDatabase) => Promise<T>): Promise<T> {
    if (this.db) {
      try {
        return fn(this.db);
      } catch (e) {
        // closed underneath us (version change, storage cleared): reopen once
        this.db = null;
        if (!(e instanceof DOMException)) return Promise.reject(e);
      }
    }
    if (!this.opening) {
      this.opening = openDb(this.factory).then(
        (db) => {
          db.onclose = () => {
            if (this.db === db) this.db = null;
          };
          this.db = db;
          this.opening = null;
          return db;
        },
        (e: unknown) => {
          this.opening = null;
          throw e;
        },
      );
    }
    return this.opening.then(fn);
  }

  /**
   * Starts opening the database ahead of the first read (a tab reopening a map, while its
   * script starts: in a new browser profile creating the database took ~0.1–0.25 s).
   */
  openAhead(): void {
    // Asked first: once the database is being made, the answer would wait behind that.
    void this.missingBefore().finally(() =>
      this.withDb(() => Promise.resolve()).catch(() => {
        // the first real call opens it again, and reports its failure
      }),
    );
  }

  /**
   * True when this browser never made the outbox's database, so nothing is kept: a map then opens
   * without waiting for the database to be made (0.1–0.25 s in a new profile, most of a first
   * visit's wait). Listing the databases takes ~10 ms when asked before the database is opened.
   * Another tab of the same browser may make it meanwhile; what it keeps is its own session's,
   * which it sends itself (and which a later visit reads, if it could not).
   */
  holdsNothing(): Promise<boolean> {
    if (this.wrote || this.answered) return Promise.resolve(false);
    this.answered = true;
    return this.missingBefore();
  }

  private missingBefore(): Promise<boolean> {
    if (!this.asksFirst) return Promise.resolve(false);
    this.missing ??= neverMade(this.factory);
    return this.missing;
  }

  list(mapId: string): Promise<OutboxEntry[]> {
    return this.withDb((db) => {
      const tx = db.transaction(OUTBOX_STORE, "readonly");
      const all = tx.objectStore(OUTBOX_STORE).index("mapId").getAll(mapId);
      return request(all).then((records: (OutboxEntry | PieceRecord)[]) => {
        const entries: OutboxEntry[] = [];
        const pieces: OutboxPiece[] = [];
        for (const record of records) {
          if (isPiece(record)) pieces.push(record);
          else entries.push(record);
        }
        return withPieces(entries, pieces);
      });
    });
  }

  put(entry: OutboxEntry): Promise<void> {
    return this.write((store) => {
      store.delete(piecesOf(entry.id));
      store.put(entry);
    });
  }

  append(piece: OutboxPiece): Promise<boolean> {
    const record: PieceRecord = { ...piece, id: pieceId(piece) };
    let entries: IDBRequest<number> | null = null;
    return this.write((store) => {
      entries = store.count(piece.entryId);
      store.put(record);
    }).then(() => (entries?.result ?? 0) > 0);
  }

  delete(id: string): Promise<void> {
    return this.write((store) => {
      store.delete(id);
      store.delete(piecesOf(id));
    });
  }

  /** One read-write transaction, started now and committed at once. */
  private write(fn: (store: IDBObjectStore) => void): Promise<void> {
    this.wrote = true;
    return this.withDb((db) => {
      const tx = db.transaction(OUTBOX_STORE, "readwrite");
      fn(tx.objectStore(OUTBOX_STORE));
      const finished = done(tx);
      // Committed now, not when control returns: a write made as the page goes away is
      // otherwise aborted with the page, and the edit it keeps may be nowhere else yet.
      tx.commit?.();
      return finished;
    });
  }
}

let shared: IdbOutboxStorage | null | undefined;

/** The browser's outbox storage, or null where there is no IndexedDB (tests, locked-down webviews). */
export function browserOutboxStorage(): IdbOutboxStorage | null {
  if (shared === undefined) {
    const desktop = typeof window !== "undefined" && window.__WAYLINE_HOST__ !== undefined;
    shared = typeof indexedDB === "undefined" ? null : new IdbOutboxStorage(indexedDB, !desktop);
  }
  return shared;
}
