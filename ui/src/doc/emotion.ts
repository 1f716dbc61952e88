// The emotion curve's derived values, computed in one place for the UI: per stage of one emotion
// lane the mean, the spread (min and max) and the count of ratings, and the curve's low point. The
// Rust model computes the same (crates/model/src/emotion.rs); both are checked against
// tests/vectors/emotion.json.
import { parseCellKey } from "./cellKey";
import { emotionKey } from "./schema";

export interface StageEmotion {
  mean: number;
  min: number;
  max: number;
  count: number;
}

export function emotionStats(
  emotions: Record<string, number>,
  laneId: string,
): Map<string, StageEmotion> {
  const acc = new Map<string, number[]>();
  for (const [key, score] of Object.entries(emotions)) {
    const k = parseCellKey(key);
    if (!k || k.lane !== laneId) continue;
    const list = acc.get(k.stage);
    if (list) list.push(score);
    else acc.set(k.stage, [score]);
  }
  const out = new Map<string, StageEmotion>();
  for (const [stage, scores] of acc) {
    const sum = scores.reduce((a, b) => a + b, 0);
    out.set(stage, {
      mean: sum / scores.length,
      min: Math.min(...scores),
      max: Math.max(...scores),
      count: scores.length,
    });
  }
  return out;
}

/** One rated stage of a lane's curve, in map order. */
export interface CurvePoint extends StageEmotion {
  stage: string;
}

/** The rated stages of `laneId` in the order of `stageIds` (a stage nobody rated is left out). */
export function curvePoints(
  emotions: Record<string, number>,
  laneId: string,
  stageIds: readonly string[],
): CurvePoint[] {
  const stats = emotionStats(emotions, laneId);
  const out: CurvePoint[] = [];
  for (const stage of stageIds) {
    const st = stats.get(stage);
    if (st) out.push({ stage, ...st });
  }
  return out;
}

/**
 * The curve's low point: the index of the lowest mean, the first one on ties; -1 until at least
 * two stages are rated (one point is no curve).
 */
export function lowPoint(points: readonly { mean: number }[]): number {
  if (points.length < 2) return -1;
  let best = 0;
  points.forEach((p, i) => {
    if (p.mean < (points[best]?.mean ?? p.mean)) best = i;
  });
  return best;
}

export function myRating(
  emotions: Record<string, number>,
  stageId: string,
  laneId: string,
  participant: string,
): number | null {
  const v = emotions[emotionKey(stageId, laneId, participant)];
  return typeof v === "number" ? v : null;
}

/**
 * A mean rating as the board, the list of changes and the report write it: signed, one decimal,
 * with a real minus sign like the rating buttons' −2 ("+1.5", "−0.5", "0.0"; "—" for none).
 * The report's rule is crates/report/src/pdf/changes_pages.rs `mean`.
 */
export function meanText(value: number | null): string {
  if (value === null) return "—";
  const text = Math.abs(value).toFixed(1);
  if (text === "0.0") return text;
  return value > 0 ? `+${text}` : `−${text}`;
}
