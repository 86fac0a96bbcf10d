/**
 * Builds what `GET /api/runs/:id/dashboard` answers from the pages stored at import (digest.ts): for a
 * run, its candidates; for a watchlist, the merge of its members' account pages. Per kind the TOP
 * items by posts in the chosen range, each with its curve per hour or day and the curve's spikes by
 * the monitor's Poisson-surprise rule (monitor/burst.ts), tested with history before the range so the
 * range's first bucket has a baseline.
 *
 * Cost: O(candidates × their stored hours) to rank, plus O(TOP × kinds × (range + warm-up) buckets)
 * for the curves; a watchlist adds the merge, O(members' stored item-hours). No post is re-read.
 */
import { seriesSpikes } from '../../monitor/burst.js';
import type { BurstRule } from '../../monitor/burst.js';
import type {
  Dashboard,
  DashboardItem,
  DashboardKind,
  StoredAccountDashboard,
  StoredDashboard,
  StoredItem,
} from './schema.js';
import { DASHBOARD_KINDS } from './schema.js';
import { MAX_CANDIDATES, TOP_OVERALL, TOP_PER_DAY } from './digest.js';

export const TOP = 10;
const HOUR = 3600;
/** Hourly curves up to a week; daily beyond (readable bars at 1280 px). */
const HOURLY_UP_TO_HOURS = 7 * 24;
/** Warm-up before the range, in half-lives: the baseline forgets 2⁻⁸ of a stale start. */
const WARM_UP_HALF_LIVES = 8;

/**
 * The spike rule's settings per bucket: a baseline half-life of a day (hourly) or a week (daily);
 * alpha is strict because a page tests ~50 curves × up to ~170 buckets at once.
 */
export const ruleFor = (bucket: 'hour' | 'day'): BurstRule => ({
  halfLifeBins: bucket === 'hour' ? 24 : 7,
  alpha: 1e-5,
  minCount: 5,
  minRate: 0.05,
});

export interface Range {
  /** First hour slot in the range and the slot after its last. */
  fromSlot: number;
  toSlot: number;
  bucket: 'hour' | 'day';
}

/** The range asked for, clamped to the data; default: the whole data set. */
export function resolveRange(
  data: { firstSlot: number; lastSlot: number },
  q: { from?: string; to?: string; bucket?: 'hour' | 'day' },
): Range {
  const fromSlot = Math.max(
    data.firstSlot,
    q.from === undefined ? data.firstSlot : Math.floor(Date.parse(q.from) / 1000 / HOUR),
  );
  const toSlot = Math.min(
    data.lastSlot + 1,
    q.to === undefined ? data.lastSlot + 1 : Math.ceil(Date.parse(q.to) / 1000 / HOUR),
  );
  const span = Math.max(0, toSlot - fromSlot);
  return {
    fromSlot,
    toSlot: Math.max(fromSlot, toSlot),
    bucket: q.bucket ?? (span <= HOURLY_UP_TO_HOURS ? 'hour' : 'day'),
  };
}

const perBucket = (bucket: 'hour' | 'day'): number => (bucket === 'hour' ? 1 : 24);

/** Posts in [fromSlot, toSlot) of a flat `[slot, count, …]` series. */
function countIn(series: readonly number[], r: Range): number {
  let n = 0;
  for (let i = 0; i < series.length; i += 2) {
    const s = series[i]!;
    if (s >= r.fromSlot && s < r.toSlot) n += series[i + 1]!;
  }
  return n;
}

/** The item's curve over the range's buckets and its spikes, tested with warm-up history. */
function curveOf(
  series: readonly number[],
  r: Range,
  dataFirstSlot: number,
): Pick<DashboardItem, 'curve' | 'spikes'> {
  const per = perBucket(r.bucket);
  const rule = ruleFor(r.bucket);
  const firstBucket = Math.floor(r.fromSlot / per);
  const lastBucket = Math.floor((r.toSlot - 1) / per);
  const warm = Math.max(
    Math.floor(dataFirstSlot / per),
    firstBucket - WARM_UP_HALF_LIVES * rule.halfLifeBins,
  );
  const dense = new Array<number>(Math.max(0, lastBucket - warm + 1)).fill(0);
  for (let i = 0; i < series.length; i += 2) {
    const s = series[i]!;
    // Warm-up history counts whole buckets; inside the range only the chosen hours count.
    if (s >= r.toSlot || (s >= r.fromSlot ? false : Math.floor(s / per) >= firstBucket)) continue;
    const b = Math.floor(s / per) - warm;
    if (b >= 0 && b < dense.length) dense[b]! += series[i + 1]!;
  }
  const offset = firstBucket - warm;
  // The baseline starts at the mean of the series' first half-life (burst.ts): a new item still
  // surges from the floor, a steady one is not flagged for simply being there from the start.
  const head = dense.slice(0, rule.halfLifeBins);
  const seed = head.reduce((a, b) => a + b, 0) / Math.max(1, head.length);
  const spikes = seriesSpikes(dense, rule, seed)
    .filter((s) => s.index >= offset)
    .map((s) => ({ index: s.index - offset, count: s.count, expected: s.expected, surprise: s.surprise }));
  return { curve: dense.slice(offset), spikes };
}

/** What both scopes have: candidates per kind and hourly totals, as flat series. */
export interface Source {
  firstSlot: number;
  lastSlot: number;
  totals: number[];
  items: Record<DashboardKind, StoredItem[]>;
}

export function runSource(d: StoredDashboard): Source {
  const totals: number[] = [];
  d.totals.forEach((c, i) => {
    if (c > 0) totals.push(d.firstSlot + i, c);
  });
  return { firstSlot: d.firstSlot, lastSlot: d.firstSlot + d.totals.length - 1, totals, items: d.items };
}

/** A watchlist's source: the members' own pages merged (every item they posted is a candidate). */
export function watchlistSource(run: StoredDashboard, members: readonly StoredAccountDashboard[]): Source {
  const add = (into: Map<number, number>, series: readonly number[]): void => {
    for (let i = 0; i < series.length; i += 2)
      into.set(series[i]!, (into.get(series[i]!) ?? 0) + series[i + 1]!);
  };
  const flat = (m: Map<number, number>): number[] =>
    [...m].sort((a, b) => a[0] - b[0]).flatMap(([s, c]) => [s, c]);
  const totals = new Map<number, number>();
  const merged = {} as Record<
    DashboardKind,
    Map<
      string,
      {
        label: string | null;
        author: string | null;
        slots: Map<number, number>;
        accounts: [string, number][];
      }
    >
  >;
  for (const kind of DASHBOARD_KINDS) merged[kind] = new Map();
  for (const m of members) {
    add(totals, m.posts);
    const own: [
      DashboardKind,
      { key: string; label: string | null; author: string | null; series: number[] },
    ][] = [
      ['account', { key: m.account, label: m.label, author: null, series: m.posts }],
      ...DASHBOARD_KINDS.filter((k) => k !== 'account').flatMap((k) =>
        m.items[k].map((it) => [k, it] as [DashboardKind, typeof it]),
      ),
    ];
    for (const [kind, it] of own) {
      let e = merged[kind].get(it.key);
      if (!e)
        merged[kind].set(
          it.key,
          (e = { label: it.label, author: it.author, slots: new Map(), accounts: [] }),
        );
      add(e.slots, it.series);
      let n = 0;
      for (let i = 1; i < it.series.length; i += 2) n += it.series[i]!;
      e.accounts.push([m.account, n]);
    }
  }
  const items = {} as Record<DashboardKind, StoredItem[]>;
  for (const kind of DASHBOARD_KINDS)
    items[kind] = [...merged[kind]].map(([key, e]) => {
      const series = flat(e.slots);
      let total = 0;
      for (let i = 1; i < series.length; i += 2) total += series[i]!;
      return {
        key,
        label: e.label,
        author: e.author,
        total,
        series,
        accounts: e.accounts.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)),
      };
    });
  return { ...runSource(run), totals: flat(totals), items };
}

export function buildDashboard(
  src: Source,
  r: Range,
  head: Pick<Dashboard, 'runId' | 'runTitle' | 'scope' | 'refreshedAt'>,
): Dashboard {
  const per = perBucket(r.bucket);
  const sections = DASHBOARD_KINDS.map((kind) => {
    const ranked = src.items[kind]
      .map((it) => ({ it, count: countIn(it.series, r) }))
      .filter((x) => x.count > 0)
      .sort((a, b) => b.count - a.count || (a.it.key < b.it.key ? -1 : 1))
      .slice(0, TOP);
    return {
      kind,
      items: ranked.map(({ it, count }) => ({
        key: it.key,
        label: it.label,
        author: it.author,
        count,
        ...curveOf(it.series, r, src.firstSlot),
        accounts: it.accounts.map(([a]) => a),
      })),
    };
  });
  const total = curveOf(src.totals, r, src.firstSlot);
  const iso = (slot: number): string => new Date(slot * HOUR * 1000).toISOString();
  return {
    ...head,
    dataFrom: iso(src.firstSlot),
    dataTo: iso(src.lastSlot + 1),
    from: iso(r.fromSlot),
    to: iso(r.toSlot),
    bucket: r.bucket,
    curveStart: iso(Math.floor(r.fromSlot / per) * per),
    totals: total.curve,
    totalSpikes: total.spikes,
    sections,
    criteria: {
      ...ruleFor(r.bucket),
      top: TOP,
      candidates:
        head.scope.kind === 'run'
          ? `per kind, the run's ${TOP_OVERALL} most posted items and each day's ${TOP_PER_DAY} (at most ${MAX_CANDIDATES}) are ranked`
          : "every item the watchlist's members posted is ranked",
    },
  };
}
