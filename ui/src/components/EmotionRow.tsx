// The emotion lane: everyone rates each stage −2…+2; the lane draws the mean per stage as a curve
// with a light min–max band and shows how many people rated.
import { useTranslation } from "react-i18next";
import { emotionStats, myRating } from "../doc/emotion";
import type { LaneRec, StageRec } from "../doc/schema";
import type { BoardActions } from "./boardActions";

const SCORES = [-2, -1, 0, 1, 2] as const;
/** Plain numbers: emoji fonts are missing on many workshop machines. */
const LABELS: Record<number, string> = { [-2]: "−2", [-1]: "−1", 0: "0", 1: "+1", 2: "+2" };
const COL = 100;
const H = 60;

function y(score: number): number {
  return H / 2 - (score / 2) * (H / 2 - 6);
}

interface Props {
  lane: LaneRec;
  stages: StageRec[];
  emotions: Record<string, number>;
  participant: string;
  actions: BoardActions;
}

export function EmotionRow({ lane, stages, emotions, participant, actions }: Props) {
  const { t } = useTranslation();
  const stats = emotionStats(emotions);
  const pts = stages
    .map((s, i) => ({ i, st: stats.get(s.id) }))
    .filter((p): p is { i: number; st: NonNullable<typeof p.st> } => p.st !== undefined);
  const x = (i: number) => i * COL + COL / 2;
  const line = pts.map((p) => `${x(p.i)},${y(p.st.mean)}`).join(" ");
  const band = [
    ...pts.map((p) => `${x(p.i)},${y(p.st.max)}`),
    ...[...pts].reverse().map((p) => `${x(p.i)},${y(p.st.min)}`),
  ].join(" ");
  return (
    <div className="emotion-row" style={{ gridColumn: `2 / span ${Math.max(1, stages.length)}` }}>
      <svg
        className="emotion-svg"
        viewBox={`0 0 ${Math.max(1, stages.length) * COL} ${H}`}
        preserveAspectRatio="none"
        aria-hidden="true"
      >
        <line className="emotion-zero" x1={0} x2={stages.length * COL} y1={y(0)} y2={y(0)} />
        {pts.length > 1 && <polygon className="emotion-band" points={band} />}
        {pts.length > 1 && <polyline className="emotion-line" points={line} />}
        {pts.map((p) => (
          <line
            key={p.i}
            className="emotion-point"
            x1={x(p.i)}
            x2={x(p.i)}
            y1={y(p.st.mean)}
            y2={y(p.st.mean)}
          />
        ))}
      </svg>
      <div
        className="emotion-cells"
        style={{ gridTemplateColumns: `repeat(${stages.length}, 1fr)` }}
      >
        {stages.map((s) => {
          const st = stats.get(s.id);
          const mine = myRating(emotions, s.id, participant);
          return (
            <div
              key={s.id}
              className="emotion-cell"
              data-testid="cell"
              data-stage-id={s.id}
              data-lane-id={lane.id}
            >
              <div className="emotion-buttons">
                {SCORES.map((score) => (
                  <button
                    key={score}
                    type="button"
                    className="emotion-button"
                    data-testid={`emotion-${score}`}
                    aria-pressed={mine === score}
                    aria-label={t("emotion.rate", { stage: s.title, score })}
                    title={String(score)}
                    onClick={() => actions.rate(s.id, score)}
                  >
                    {LABELS[score]}
                  </button>
                ))}
              </div>
              <span className="emotion-count muted">
                {st
                  ? `${t("emotion.mean", { mean: st.mean.toFixed(1) })} · ${t("emotion.ratings", { count: st.count })}`
                  : t("emotion.noRatings")}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
