// The emotion lane: everyone rates each stage −2…+2; the lane draws the mean per stage as a smooth
// curve with the min–max band, marks the low point and highlights the current user's own rating.
// The SVG only stretches horizontally (strokes do not scale); dots are HTML so they stay round.
import { bandPath, splinePath } from "../../doc/curve";
import { curvePoints, emotionStats, lowPoint, meanText, myRating } from "../../doc/emotion";
import type { LaneRec, StageRec } from "../../doc/schema";
import { useTranslation } from "../../i18n/useTranslation";
import type { BoardActions } from "../board/boardActions";
import { useReadOnly } from "../shared/readOnly";

const SCORES = [-2, -1, 0, 1, 2] as const;
/** Plain numbers: emoji fonts are missing on many workshop machines. */
const LABELS: Record<number, string> = { [-2]: "−2", [-1]: "−1", 0: "0", 1: "+1", 2: "+2" };
const COL = 100;
const H = 64;

function y(score: number): number {
  return H / 2 - (score / 2) * (H / 2 - 8);
}

interface Props {
  lane: LaneRec;
  stages: StageRec[];
  emotions: Record<string, number>;
  participant: string;
  actions: BoardActions;
  collapsed: boolean;
}

export function EmotionRow({ lane, stages, emotions, participant, actions, collapsed }: Props) {
  const { t } = useTranslation();
  const readOnly = useReadOnly();
  const stats = emotionStats(emotions, lane.id);
  const n = Math.max(1, stages.length);
  // The curve's points by the shared rule (doc/emotion.ts, checked against the vectors the
  // report's curve uses too), placed in their stage's column.
  const column = new Map(stages.map((s, i) => [s.id, i]));
  const pts = curvePoints(
    emotions,
    lane.id,
    stages.map((s) => s.id),
  ).map((st) => ({ i: column.get(st.stage) ?? 0, id: st.stage, st }));
  const x = (i: number) => i * COL + COL / 2;
  const line = splinePath(pts.map((p) => ({ x: x(p.i), y: y(p.st.mean) })));
  const band = bandPath(
    pts.map((p) => ({ x: x(p.i), y: y(p.st.max) })),
    pts.map((p) => ({ x: x(p.i), y: y(p.st.min) })),
  );
  const low = pts[lowPoint(pts.map((p) => p.st))];
  const left = (i: number) => `${((i + 0.5) / n) * 100}%`;
  return (
    <div
      className={`emotion-row${collapsed ? " collapsed" : ""}`}
      style={{ gridColumn: `2 / span ${n}` }}
    >
      {!collapsed && (
        <div className="emotion-plot" aria-hidden="true">
          <svg
            className="emotion-svg"
            aria-hidden="true"
            viewBox={`0 0 ${n * COL} ${H}`}
            preserveAspectRatio="none"
          >
            <line className="emotion-zero" x1={0} x2={n * COL} y1={y(0)} y2={y(0)} />
            {band && <path className="emotion-band" d={band} />}
            {pts.length > 1 && <path className="emotion-line" d={line} />}
          </svg>
          {pts.map((p) => (
            <span
              key={p.id}
              className={`emotion-dot${p === low ? " low" : ""}`}
              data-testid="emotion-dot"
              style={{ left: left(p.i), top: y(p.st.mean) }}
            />
          ))}
          {stages.map((s, i) => {
            const mine = myRating(emotions, s.id, lane.id, participant);
            return mine === null ? null : (
              <span
                key={s.id}
                className="emotion-mine"
                data-testid="emotion-mine"
                title={t("board.emotion.mine", { score: mine })}
                style={{ left: left(i), top: y(mine) }}
              />
            );
          })}
          {low && (
            <span
              className="emotion-low-label"
              data-testid="emotion-low"
              style={{ left: left(low.i), top: y(low.st.mean) }}
            >
              {t("board.emotion.low")}
            </span>
          )}
        </div>
      )}
      <div className="emotion-cells" style={{ gridTemplateColumns: `repeat(${n}, 1fr)` }}>
        {stages.map((s) => {
          const st = stats.get(s.id);
          const mine = myRating(emotions, s.id, lane.id, participant);
          return (
            <div
              key={s.id}
              className="emotion-cell"
              data-testid="cell"
              data-stage-id={s.id}
              data-lane-id={lane.id}
              tabIndex={-1}
            >
              {!collapsed && (
                <div className="emotion-buttons">
                  {SCORES.map((score) => (
                    <button
                      key={score}
                      type="button"
                      className="emotion-button"
                      disabled={readOnly}
                      data-testid={`emotion-${score}`}
                      aria-pressed={mine === score}
                      aria-label={t("emotion.rate", { stage: s.title, score })}
                      title={String(score)}
                      onClick={() => actions.rate(s.id, lane.id, score)}
                    >
                      {LABELS[score]}
                    </button>
                  ))}
                </div>
              )}
              <span className="emotion-count muted">
                {st
                  ? `${t("emotion.mean", { mean: meanText(st.mean) })} · ${t("emotion.ratings", { count: st.count })}`
                  : t("emotion.noRatings")}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
