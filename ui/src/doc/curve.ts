// Geometry of the emotion curve: a Catmull-Rom spline through the stage means, as SVG cubic Bézier
// path data, so the curve passes through every point without overshooting far between them.
export interface Pt {
  x: number;
  y: number;
}

function f(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

/** Smooth path data through the points (`M … C …`); a lone point gives just `M x y`. */
export function splinePath(pts: Pt[], continueFrom = false): string {
  const first = pts[0];
  if (!first) return "";
  let d = `${continueFrom ? "L" : "M"}${f(first.x)} ${f(first.y)}`;
  for (let i = 0; i < pts.length - 1; i++) {
    const p1 = pts[i] as Pt;
    const p2 = pts[i + 1] as Pt;
    const p0 = pts[i - 1] ?? p1;
    const p3 = pts[i + 2] ?? p2;
    const c1 = { x: p1.x + (p2.x - p0.x) / 6, y: p1.y + (p2.y - p0.y) / 6 };
    const c2 = { x: p2.x - (p3.x - p1.x) / 6, y: p2.y - (p3.y - p1.y) / 6 };
    d += ` C${f(c1.x)} ${f(c1.y)} ${f(c2.x)} ${f(c2.y)} ${f(p2.x)} ${f(p2.y)}`;
  }
  return d;
}

/** A closed band: along the upper points left to right, back along the lower points. */
export function bandPath(upper: Pt[], lower: Pt[]): string {
  if (upper.length < 2) return "";
  return `${splinePath(upper)} ${splinePath([...lower].reverse(), true)} Z`;
}
