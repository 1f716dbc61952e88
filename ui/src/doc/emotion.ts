// Summarises the flat emotion ratings of one emotion lane per stage (mean, spread, count) for its
// curve.
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

export function myRating(
  emotions: Record<string, number>,
  stageId: string,
  laneId: string,
  participant: string,
): number | null {
  const v = emotions[emotionKey(stageId, laneId, participant)];
  return typeof v === "number" ? v : null;
}
