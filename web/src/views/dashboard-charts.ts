/**
 * The dashboard's curves as SVG: the posts-per-bucket chart of the whole scope (axes, ticks, titles)
 * and one small curve per top item, spikes marked by a triangle above the bar as well as by colour
 * (colour alone is not enough, WCAG 1.4.1), each bar titled with its time and count.
 */
import { day, svg } from '../dom.js';
import type { ChartFrame } from './chart-axes.js';
import { inner, niceScale, timeTicks, xBase, yAxis } from './chart-axes.js';

export interface Spike {
  index: number;
  count: number;
  expected: number;
  surprise: number;
}

const bucketMs = (bucket: 'hour' | 'day'): number => (bucket === 'hour' ? 3_600_000 : 86_400_000);
const when = (start: string, bucket: 'hour' | 'day', i: number): string =>
  new Date(Date.parse(start) + i * bucketMs(bucket)).toISOString();
const stamp = (iso: string, bucket: 'hour' | 'day'): string =>
  bucket === 'hour' ? day(iso) : iso.slice(0, 10);

function spikeTitle(s: Spike, start: string, bucket: 'hour' | 'day'): string {
  return `spike: ${s.count} posts in the ${bucket} from ${stamp(when(start, bucket, s.index), bucket)} UTC, baseline ${s.expected}, surprise ${s.surprise}`;
}

/** Bars of `counts` in a box, spikes in the spike colour with a ▲ above. */
function bars(
  counts: readonly number[],
  spikes: readonly Spike[],
  box: { x: number; y: number; w: number; h: number; top: number },
  start: string,
  bucket: 'hour' | 'day',
): SVGElement[] {
  const out: SVGElement[] = [];
  const bw = box.w / Math.max(1, counts.length);
  const spiked = new Map(spikes.map((s) => [s.index, s]));
  counts.forEach((c, i) => {
    if (c === 0) return;
    const bh = Math.max(1, (c / box.top) * box.h);
    const s = spiked.get(i);
    const x = box.x + i * bw;
    out.push(
      svg(
        'rect',
        {
          x,
          y: box.y + box.h - bh,
          width: Math.max(1, bw - 0.5),
          height: bh,
          class: s ? 'bar spike' : 'bar',
        },
        svg(
          'title',
          {},
          s ? spikeTitle(s, start, bucket) : `${stamp(when(start, bucket, i), bucket)} UTC: ${c} posts`,
        ),
      ),
    );
    if (s) {
      const cx = x + bw / 2;
      const ty = box.y + box.h - bh - 2;
      out.push(
        svg(
          'path',
          { d: `M${cx - 4},${ty - 7} L${cx + 4},${ty - 7} L${cx},${ty} Z`, class: 'spike-mark' },
          svg('title', {}, spikeTitle(s, start, bucket)),
        ),
      );
    }
  });
  return out;
}

/** The scope's posts per bucket with both axes (the page's main chart). */
export function totalsChart(
  counts: readonly number[],
  spikes: readonly Spike[],
  start: string,
  bucket: 'hour' | 'day',
): SVGElement {
  const f: ChartFrame = { w: 900, h: 190, m: { left: 52, right: 12, top: 16, bottom: 36 } };
  const { iw, ih } = inner(f);
  const { top, step } = niceScale(Math.max(0, ...counts));
  const parts: SVGElement[] = yAxis(f, top, step, 'posts');
  parts.push(...bars(counts, spikes, { x: f.m.left, y: f.m.top, w: iw, h: ih, top }, start, bucket));
  parts.push(...timeTicks(f, counts.length, start, bucketMs(bucket)));
  parts.push(...xBase(f, `time (UTC), one bar per ${bucket}; ▲ spike`));
  return svg(
    'svg',
    {
      viewBox: `0 0 ${f.w} ${f.h}`,
      class: 'chart',
      id: 'dashboard-totals',
      role: 'img',
      'aria-label': `Posts per ${bucket}, ${spikes.length} spikes`,
    },
    ...parts,
  );
}

/** A small curve for a table row: its own scale (the peak is written beside it), spikes marked. */
export function itemCurve(
  counts: readonly number[],
  spikes: readonly Spike[],
  start: string,
  bucket: 'hour' | 'day',
): SVGElement {
  const W = 240;
  const H = 40;
  const max = Math.max(1, ...counts);
  return svg(
    'svg',
    {
      viewBox: `0 0 ${W} ${H}`,
      class: 'curve',
      role: 'img',
      'aria-label': `peak ${max} posts per ${bucket}, ${spikes.length} spike${spikes.length === 1 ? '' : 's'}`,
    },
    svg('line', { x1: 0, x2: W, y1: H - 0.5, y2: H - 0.5, class: 'axis' }),
    ...bars(counts, spikes, { x: 0, y: 9, w: W, h: H - 10, top: max }, start, bucket),
  );
}
