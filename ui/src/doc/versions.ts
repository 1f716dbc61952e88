// Saved versions of a map (`versions`: id → map, docs/map-document.md): a name and the document's
// frontiers when it was saved, written `counter@peer,…` as Loro writes an operation id. The same
// rule is read by the Rust model (crates/model/src/versions.rs); both are checked against
// tests/vectors/frontiers.json. Reading a version forks the document at its frontiers, which is
// how the board shows a version read-only; what changed is computed by the host.
import type { Frontiers, PeerID } from "loro-crdt";
import { LoroDoc, LoroMap } from "loro-crdt";
import { MAX_VERSION_NAME_CHARS, MAX_VERSIONS_PER_MAP } from "../wire/limits";
import { newId } from "./actions";
import { ROOT } from "./schema";
import { textHead } from "./textLength";

export interface VersionRec {
  id: string;
  name: string;
  frontiers: string;
  author: string;
  createdAt: number;
  example: boolean;
}

const DIGITS = /^[0-9]+$/;
const MAX_COUNTER = 2 ** 31 - 1;
const MAX_PEER = 2n ** 64n - 1n;

/** The operation ids of a frontiers string, or null when any part is not one. */
export function parseFrontiers(text: string): Frontiers | null {
  if (text === "") return [];
  const out: Frontiers = [];
  for (const part of text.split(",")) {
    const [counter, peer, extra] = part.split("@");
    if (extra !== undefined || !counter || !peer || !DIGITS.test(counter) || !DIGITS.test(peer))
      return null;
    const c = Number(counter);
    if (c > MAX_COUNTER || BigInt(peer) > MAX_PEER) return null;
    out.push({ counter: c, peer: BigInt(peer).toString() as PeerID });
  }
  return out;
}

export function writeFrontiers(frontiers: Frontiers): string {
  return frontiers.map((id) => `${id.counter}@${id.peer}`).join(",");
}

function readVersion(id: string, v: unknown): VersionRec | null {
  if (!(v instanceof LoroMap)) return null;
  const frontiers = v.get("frontiers");
  if (typeof frontiers !== "string" || parseFrontiers(frontiers) === null) return null;
  const str = (k: string) => {
    const x = v.get(k);
    return typeof x === "string" ? x : "";
  };
  const created = v.get("created_at");
  return {
    id,
    name: str("name"),
    frontiers,
    author: str("author"),
    createdAt: typeof created === "number" ? created : 0,
    example: v.get("example") === true,
  };
}

/** Every saved version, oldest first. */
export function readVersions(doc: LoroDoc): VersionRec[] {
  const m = doc.getMap(ROOT.versions);
  const out: VersionRec[] = [];
  for (const id of m.keys()) {
    const r = readVersion(id, m.get(id));
    if (r) out.push(r);
  }
  return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

export type SaveVersionResult = { ok: true; id: string } | { ok: false; why: "name" | "limit" };

/** Saves the map as it is now under `name`, in one commit. */
export function saveVersion(doc: LoroDoc, name: string, author: string): SaveVersionResult {
  // Trimmed as the host trims (Rust's white space includes U+0085, JavaScript's does not).
  const trimmed = textHead(name.replace(/^[\s\u0085]+|[\s\u0085]+$/g, ""), MAX_VERSION_NAME_CHARS);
  if (!trimmed) return { ok: false, why: "name" };
  const versions = doc.getMap(ROOT.versions);
  if (versions.size >= MAX_VERSIONS_PER_MAP) return { ok: false, why: "limit" };
  doc.commit();
  const frontiers = writeFrontiers(doc.oplogFrontiers());
  const id = newId();
  const m = versions.setContainer(id, new LoroMap());
  m.set("name", trimmed);
  m.set("frontiers", frontiers);
  m.set("author", author);
  m.set("created_at", Date.now());
  m.set("example", false);
  doc.commit();
  return { ok: true, id };
}

export function deleteVersion(doc: LoroDoc, id: string): void {
  const versions = doc.getMap(ROOT.versions);
  if (versions.get(id) === undefined) return;
  versions.delete(id);
  doc.commit();
}

/**
 * The map as it was at `version`: a separate copy of the document checked out there (read-only),
 * or null when its history is not here. The copy is made from a snapshot rather than forked from
 * the live document, which a fork would briefly check out itself.
 */
export function versionDoc(doc: LoroDoc, version: Pick<VersionRec, "frontiers">): LoroDoc | null {
  const frontiers = parseFrontiers(version.frontiers);
  if (!frontiers || frontiers.length === 0) return null;
  const vv = doc.oplogVersion().toJSON();
  const known = frontiers.every((id) => id.counter < (vv.get(id.peer) ?? 0));
  if (!known) return null;
  try {
    const copy = LoroDoc.fromSnapshot(doc.export({ mode: "snapshot" }));
    copy.checkout(frontiers);
    return copy;
  } catch {
    return null;
  }
}
