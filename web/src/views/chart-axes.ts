/**
 * The axes every bar chart of the workspace draws (the account page's timeline and hour profile, the
 * dashboard's posts per bucket): a "nice" count scale with grid lines and tick labels, a time axis
 * with about six date ticks at bucket boundaries, and the axis titles. One module so the charts read
 * alike and a fix to an axis lands everywhere.
 */
import { day, fmt, svg } from '../dom.js';

/** A chart's size in viewBox units and its margins (where the axes' labels go). */
export interface ChartFrame {
  w: number;
  h: number;
  m: { left: number; right: number; top: number; bottom: number };
}

/** The plotting area's width and height inside the margins. */
export const inner = (f: ChartFrame): { iw: number; ih: number } => ({
  iw: f.w - f.m.left - f.m.right,
  ih: f.h - f.m.top - f.m.bottom,
});

/** A "nice" axis maximum and step (1, 2, 5 × 10^k) for `max`. */
export function niceScale(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 1 };
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  return { top: Math.ceil(max / step) * step, step: Math.max(step, 1) };
}

/** Grid lines and labels from 0 to `top` every `step`, and the vertical axis title. */
export function yAxis(f: ChartFrame, top: number, step: number, title: string): SVGElement[] {
  const { ih } = inner(f);
  const out: SVGElement[] = [];
  for (let v = 0; v <= top; v += step) {
    const y = f.m.top + ih - (v / top) * ih;
    out.push(svg('line', { x1: f.m.left, x2: f.w - f.m.right, y1: y, y2: y, class: 'grid' }));
    out.push(svg('text', { x: f.m.left - 6, y: y + 4, 'text-anchor': 'end', class: 'tick' }, fmt(v)));
  }
  out.push(
    svg(
      'text',
      {
        x: 12,
        y: f.m.top + ih / 2,
        class: 'axis-title',
        transform: `rotate(-90 12 ${f.m.top + ih / 2})`,
        'text-anchor': 'middle',
      },
      title,
    ),
  );
  return out;
}

/** The baseline and the horizontal axis title. */
export function xBase(f: ChartFrame, title: string): SVGElement[] {
  const { iw, ih } = inner(f);
  return [
    svg('line', { x1: f.m.left, x2: f.w - f.m.right, y1: f.m.top + ih, y2: f.m.top + ih, class: 'axis' }),
    svg('text', { x: f.m.left + iw / 2, y: f.h - 2, 'text-anchor': 'middle', class: 'axis-title' }, title),
  ];
}

/**
 * About six date ticks for `n` buckets of `bucketMs` from `start` (ISO), at bucket boundaries:
 * "MM-DD HH:MM" for buckets under a day, "YYYY-MM-DD" otherwise.
 */
export function timeTicks(f: ChartFrame, n: number, start: string, bucketMs: number): SVGElement[] {
  const { iw, ih } = inner(f);
  const bw = iw / Math.max(1, n);
  const t0 = Date.parse(start);
  const out: SVGElement[] = [];
  const every = Math.max(1, Math.round(n / 6));
  for (let i = 0; i <= n; i += every) {
    const x = f.m.left + i * bw;
    const when = new Date(t0 + i * bucketMs).toISOString();
    out.push(svg('line', { x1: x, x2: x, y1: f.m.top + ih, y2: f.m.top + ih + 4, class: 'axis' }));
    out.push(
      svg(
        'text',
        { x, y: f.m.top + ih + 16, 'text-anchor': 'middle', class: 'tick' },
        bucketMs < 86_400_000 ? day(when).slice(5) : when.slice(0, 10),
      ),
    );
  }
  return out;
}
