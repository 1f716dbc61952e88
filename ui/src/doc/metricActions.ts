// Writes of the channels and metrics lanes. A metric's whole map is created in one commit; channel
// chips are flat keys (`stage:lane:channel` → true) removed by deleting the key.
import type { LoroDoc } from "loro-crdt";
import { LoroMap } from "loro-crdt";
import { MAX_METRIC_UNIT_CHARS, MAX_TITLE_CHARS } from "../wire/limits";
import { newId } from "./actions";
import { METRIC_DEFAULTS } from "./metrics";
import type { Direction, MetricKind } from "./schema";
import { channelKey, ROOT } from "./schema";
import { textHead } from "./textLength";

export function setChannel(
  doc: LoroDoc,
  stage: string,
  lane: string,
  channel: string,
  on: boolean,
): void {
  const m = doc.getMap(ROOT.channels);
  const key = channelKey(stage, lane, channel);
  if (on) {
    if (m.get(key) === true) return;
    m.set(key, true);
  } else {
    if (m.get(key) === undefined) return;
    m.delete(key);
  }
  doc.commit();
}

export function addMetric(
  doc: LoroDoc,
  stage: string,
  lane: string,
  kind: MetricKind,
  id = newId(),
): string {
  const d = METRIC_DEFAULTS[kind];
  const m = doc.getMap(ROOT.metrics).setContainer(id, new LoroMap());
  m.set("stage", stage);
  m.set("lane", lane);
  m.set("kind", kind);
  m.set("label", "");
  m.set("unit", d.unit);
  m.set("direction", d.direction);
  m.set("amber", d.amber);
  m.set("red", d.red);
  m.set("example", false);
  doc.commit();
  return id;
}

function metricMap(doc: LoroDoc, id: string): LoroMap | null {
  const v = doc.getMap(ROOT.metrics).get(id);
  return v instanceof LoroMap ? v : null;
}

/** Changes the kind and resets unit, direction and thresholds to that kind's defaults. */
export function setMetricKind(doc: LoroDoc, id: string, kind: MetricKind): void {
  const m = metricMap(doc, id);
  if (!m) return;
  const d = METRIC_DEFAULTS[kind];
  m.set("kind", kind);
  m.set("unit", d.unit);
  m.set("direction", d.direction);
  m.set("amber", d.amber);
  m.set("red", d.red);
  doc.commit();
}

/** Sets a number field; null removes it (a missing value). Non-finite numbers are never stored. */
export function setMetricNumber(
  doc: LoroDoc,
  id: string,
  field: "expected" | "current" | "amber" | "red",
  value: number | null,
): boolean {
  const m = metricMap(doc, id);
  if (!m) return false;
  if (value !== null && !Number.isFinite(value)) return false;
  if (value === null) {
    if (m.get(field) === undefined) return true;
    if (field === "amber" || field === "red") return false;
    m.delete(field);
  } else {
    if (m.get(field) === value) return true;
    m.set(field, value);
  }
  doc.commit();
  return true;
}

export function setMetricText(
  doc: LoroDoc,
  id: string,
  field: "label" | "unit" | "direction",
  value: string | Direction,
): void {
  const m = metricMap(doc, id);
  if (!m || m.get(field) === value) return;
  m.set(field, textHead(value, field === "unit" ? MAX_METRIC_UNIT_CHARS : MAX_TITLE_CHARS));
  doc.commit();
}

export function deleteMetric(doc: LoroDoc, id: string): void {
  doc.getMap(ROOT.metrics).delete(id);
  doc.commit();
}
