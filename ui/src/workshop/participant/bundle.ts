// A `.wayline` bundle of what this browser holds, for "Save a copy" after the workshop ended or the
// person was removed: the layout of crates/store/src/bundle.rs, version 1 —
// `{format: "wayline-bundle", version: 1, sha256, content: {project, maps: [{title, document}],
// personas: []}}` with each document a base64 full Loro snapshot. `sha256` is the hex SHA-256 of
// the content as serde_json writes it: compact, object keys sorted, non-ASCII kept as UTF-8.
// crypto.subtle does not exist on plain http (the room network), so the hash is @noble/hashes'.
// tests/vectors/bundle_checksum.json pins the checksum rule for this code and the Rust store.
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export const BUNDLE_FORMAT = "wayline-bundle";
export const BUNDLE_VERSION = 1;

/** Orders strings by Unicode code point, as Rust's BTreeMap<String, _> (UTF-8 bytes) does. */
function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * serde_json's compact form of a `serde_json::Value`. JSON.stringify escapes strings as serde_json
 * does (`"`, `\`, control characters; nothing else). Only integers are written: floats print
 * differently in the two languages, and a bundle holds none.
 */
export function canonicalJson(v: Json): string {
  if (v === null || typeof v === "boolean" || typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v)) throw new Error(`not an integer: ${v}`);
    return String(v);
  }
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  const keys = Object.keys(v).sort(byCodePoint);
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k] ?? null)}`).join(",")}}`;
}

export function contentChecksum(content: Json): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(content))));
}

function base64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export interface BundleMap {
  title: string;
  /** A full Loro snapshot (`doc.export({ mode: "snapshot" })`). */
  snapshot: Uint8Array;
}

/** The bundle file's text: a project named `project` holding `maps`, without personas. */
export function makeBundle(project: string, maps: BundleMap[]): string {
  const content: Json = {
    project,
    maps: maps.map((m) => ({ title: m.title, document: base64(m.snapshot) })),
    personas: [],
  };
  return canonicalJson({
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    sha256: contentChecksum(content),
    content,
  });
}
