/**
 * The data-set dashboard's share of the import pass over the input posts (precompute.ts): per kind
 * (hashtag, URL, domain, account, reposted post) every item's posts per hour, and the same for each
 * account of the run's results (so a watchlist's dashboard is a merge of its members' pages, not a
 * re-read of the data set). At the end, only candidates are kept per kind: the TOP_OVERALL items of
 * the whole run, plus the TOP_PER_DAY items of each day (so an item that surges on one day is not lost
 * behind the run's leaders when a short range is chosen), at most MAX_CANDIDATES.
 *
 * Cost: O(P × items per post) time while reading, one Map look-up per item; the whole data set's
 * items are interned and their occurrences logged in typed columns (item-log.ts: 8 bytes per
 * occurrence, no per-item Map the collector must walk), and the result accounts' own items in Maps
 * (only their posts). At the end O(O + Σ k log k) for the series and O(items × TOP) at worst for the
 * bounded top lists; stored O(kinds × MAX_CANDIDATES × hours the item was seen).
 */
import type { Post } from '../../core/post.js';

/**
 * The fields of a post the dashboard reads: a Post, or a reader's row view of one (ingest's
 * PostView), whose fields are decoded only when asked for — the digest asks for a repost's text and
 * author only when its item is new, for a profile only when its account is.
 */
export type ItemSource = Pick<
  Post,
  | 'account'
  | 'time'
  | 'text'
  | 'isRepost'
  | 'repostOf'
  | 'repostOfAccount'
  | 'hashtags'
  | 'urls'
  | 'domains'
  | 'profile'
>;
import type { DashboardKind, StoredAccountDashboard, StoredDashboard, StoredItem } from './schema.js';
import { DASHBOARD_KINDS } from './schema.js';
import { flatSeries, ItemLog } from './item-log.js';
import type { ItemSeries } from './item-log.js';

export const TOP_OVERALL = 200;
export const TOP_PER_DAY = 5;
export const MAX_CANDIDATES = 2000;
/** Result accounts kept per item (who can a case be opened on). */
const ACCOUNTS_PER_ITEM = 20;

/** One item as one account (or the data set) used it: posts, first label and author, posts per hour. */
export interface Tally {
  total: number;
  label: string | null;
  author: string | null;
  /**
   * Posts per hour as flat `[slot, count, …]` pairs in arrival order, a repeat of the last hour added
   * to its count (see {@link hourPairs} for the stored, sorted form). An array, not a Map per tally:
   * there is one tally per (result account, item) — hundreds of thousands at 1M posts — and a Map's
   * hash table per tally was a large share of the import's garbage collection.
   */
  hours: number[];
}

export type Tallies = Record<DashboardKind, Map<string, Tally>>;
const tallies = (): Tallies => ({
  hashtag: new Map(),
  url: new Map(),
  domain: new Map(),
  account: new Map(),
  post: new Map(),
});

function bump(m: Map<string, Tally>, kind: DashboardKind, key: string, slot: number, p: ItemSource): void {
  let t = m.get(key);
  if (!t) m.set(key, (t = { total: 0, label: labelOf(kind, p), author: authorOf(kind, p), hours: [] }));
  t.total++;
  const h = t.hours;
  if (h.length > 0 && h[h.length - 2] === slot) h[h.length - 1]!++;
  else h.push(slot, 1);
}

/** A tally's hours as stored: ascending slots, each once (posts mostly arrive in time order). */
export function hourPairs(h: readonly number[]): number[] {
  let sorted = true;
  for (let i = 2; i < h.length && sorted; i += 2) if (h[i]! <= h[i - 2]!) sorted = false;
  if (sorted) return h.slice();
  const m = new Map<number, number>();
  for (let i = 0; i < h.length; i += 2) m.set(h[i]!, (m.get(h[i]!) ?? 0) + h[i + 1]!);
  return flat(m);
}

/** Ranking order: more posts first, then the key (a stable order for equal counts). */
const beats = (c: number, k: string, than: [string, number]): boolean =>
  c > than[1] || (c === than[1] && k < than[0]);

const flat = (slots: Map<number, number>): number[] =>
  [...slots].sort((a, b) => a[0] - b[0]).flatMap(([s, c]) => [s, c]);

type ItemVisitor = (kind: DashboardKind, key: string) => void;

/** An item's label as its first post gives it: a reposted post's text (the other kinds have none). */
const labelOf = (kind: DashboardKind, p: ItemSource): string | null =>
  kind === 'post' ? (p.text ?? null) : null;
/** A reposted post's author, as its first repost names it. */
const authorOf = (kind: DashboardKind, p: ItemSource): string | null =>
  kind === 'post' ? (p.repostOfAccount ?? null) : null;

/** `xs` normalised, each distinct value once in first-seen order (no Set for the common 0 or 1). */
function distinct(xs: readonly string[], norm: (x: string) => string): readonly string[] {
  if (xs.length === 0) return xs;
  if (xs.length === 1) return [norm(xs[0]!)];
  return [...new Set(xs.map(norm))];
}

const hashtagKey = (x: string): string => (x.charCodeAt(0) === 35 ? x.slice(1) : x).toLowerCase();
const same = (x: string): string => x;
const lower = (x: string): string => x.toLowerCase();

/**
 * Calls `visit` for each item a post counts for, per kind (a post counts once per distinct item), in
 * the order hashtags, URLs, domains, reposted post. No object per item: this runs for every post.
 * The item's label and author are read by the visitor only when it needs them (labelOf, authorOf).
 */
export function forEachItem(p: ItemSource, visit: ItemVisitor): void {
  for (const h of distinct(p.hashtags, hashtagKey)) visit('hashtag', h);
  for (const u of distinct(p.urls, same)) visit('url', u);
  for (const d of distinct(p.domains, lower)) visit('domain', d);
  if (p.isRepost && p.repostOf !== undefined) visit('post', p.repostOf);
}

type Logs = Record<DashboardKind, ItemLog>;

/** Inserts (k, c) into a list kept in ranking order and at most `size` long. */
function insertTop(top: [string, number][], size: number, k: string, c: number): void {
  if (top.length === size && !beats(c, k, top[size - 1]!)) return;
  let at = top.length;
  while (at > 0 && beats(c, k, top[at - 1]!)) at--;
  top.splice(at, 0, [k, c]);
  if (top.length > size) top.pop();
}

export class DashboardDigest {
  readonly all: Logs = {
    hashtag: new ItemLog(),
    url: new ItemLog(),
    domain: new ItemLog(),
    account: new ItemLog(),
    post: new ItemLog(),
  };
  readonly perAccount = new Map<
    string,
    { label: string | null; posts: Map<number, number>; items: Tallies }
  >();
  readonly totals = new Map<number, number>();

  constructor(private readonly accounts: ReadonlySet<string>) {}

  add(p: ItemSource): void {
    const slot = Math.floor(p.time / 3600);
    this.totals.set(slot, (this.totals.get(slot) ?? 0) + 1);
    const accounts = this.all.account;
    if (accounts.add(p.account, slot)) accounts.describeLast(p.profile?.screenName ?? null, null);
    // Labels (a repost's text) are read only for an item's first post: the rest never decode them.
    if (!this.accounts.has(p.account)) {
      forEachItem(p, (kind, key) => {
        const log = this.all[kind];
        if (log.add(key, slot)) log.describeLast(labelOf(kind, p), authorOf(kind, p));
      });
      return;
    }
    let mine = this.perAccount.get(p.account);
    if (!mine)
      this.perAccount.set(
        p.account,
        (mine = { label: p.profile?.screenName ?? null, posts: new Map(), items: tallies() }),
      );
    mine.posts.set(slot, (mine.posts.get(slot) ?? 0) + 1);
    const own = mine.items;
    forEachItem(p, (kind, key) => {
      const log = this.all[kind];
      if (log.add(key, slot)) log.describeLast(labelOf(kind, p), authorOf(kind, p));
      bump(own[kind], kind, key, slot, p);
    });
  }

  /** The candidates of one kind (ids): the run's leaders and each day's. */
  #candidates(log: ItemLog, series: ItemSeries): number[] {
    // The TOP_OVERALL leaders by a bounded insertion (most items never pass the last place's test).
    const leaders: [string, number][] = [];
    for (let i = 0; i < log.size; i++) insertTop(leaders, TOP_OVERALL, log.keys[i]!, log.total(i));
    const keep = new Set(leaders.map(([k]) => log.idOf(k)!));
    // Each day's TOP_PER_DAY (O(pairs × TOP_PER_DAY), no sort of whole days); hours are ascending,
    // so an item's days come as runs.
    const perDay = new Map<number, [string, number][]>();
    const dayTop = (d: number, k: string, c: number): void => {
      let top = perDay.get(d);
      if (!top) perDay.set(d, (top = []));
      insertTop(top, TOP_PER_DAY, k, c);
    };
    for (let i = 0; i < log.size; i++) {
      const k = log.keys[i]!;
      let day = NaN;
      let c = 0;
      for (let j = series.start[i]!; j < series.start[i + 1]!; j++) {
        const d = Math.floor(series.slots[j]! / 24);
        if (d !== day) {
          if (c > 0) dayTop(day, k, c);
          day = d;
          c = 0;
        }
        c += series.counts[j]!;
      }
      if (c > 0) dayTop(day, k, c);
    }
    for (const day of [...perDay.keys()].sort((a, b) => a - b))
      for (const [k] of perDay.get(day)!) {
        if (keep.size >= MAX_CANDIDATES) break;
        keep.add(log.idOf(k)!);
      }
    return [...keep];
  }

  /** The run's `dashboard` page and one page per result account that posted in the input. */
  pages(): { kind: string; json: string }[] {
    const slots = [...this.totals.keys()];
    if (slots.length === 0) return [];
    const firstSlot = Math.min(...slots);
    const totals = new Array<number>(Math.max(...slots) - firstSlot + 1).fill(0);
    for (const [s, c] of this.totals) totals[s - firstSlot] = c;
    // Who among the result accounts posted each item (inverted from their own tallies).
    const posters = new Map<string, [string, number][]>();
    for (const [acct, mine] of this.perAccount) {
      for (const kind of DASHBOARD_KINDS) {
        const own =
          kind === 'account'
            ? new Map([[acct, { total: mine.posts.size ? sum(mine.posts) : 0 }]])
            : mine.items[kind];
        for (const [k, t] of own) {
          const key = `${kind}\u0000${k}`;
          let l = posters.get(key);
          if (!l) posters.set(key, (l = []));
          l.push([acct, t.total]);
        }
      }
    }
    const items = {} as Record<DashboardKind, StoredItem[]>;
    for (const kind of DASHBOARD_KINDS) {
      const log = this.all[kind];
      const series = log.series();
      items[kind] = this.#candidates(log, series).map((id) => {
        const key = log.keys[id]!;
        const accounts = (posters.get(`${kind}\u0000${key}`) ?? [])
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .slice(0, ACCOUNTS_PER_ITEM);
        return {
          key,
          label: log.labels[id]!,
          author: log.authors[id]!,
          total: log.total(id),
          series: flatSeries(series, id),
          accounts,
        };
      });
    }
    const page: StoredDashboard = { firstSlot, totals, items };
    const out = [{ kind: 'dashboard', json: JSON.stringify(page) }];
    for (const [account, mine] of this.perAccount) {
      const own = {} as StoredAccountDashboard['items'];
      for (const kind of DASHBOARD_KINDS)
        own[kind] = [...mine.items[kind]].map(([key, t]) => ({
          key,
          label: t.label,
          author: t.author,
          series: hourPairs(t.hours),
        }));
      const acct: StoredAccountDashboard = {
        account,
        label: mine.label,
        posts: flat(mine.posts),
        items: own,
      };
      out.push({ kind: dashboardAccountPage(account), json: JSON.stringify(acct) });
    }
    return out;
  }
}

const sum = (m: Map<number, number>): number => {
  let s = 0;
  for (const c of m.values()) s += c;
  return s;
};

/** The run page holding one account's dashboard contributions. */
export const dashboardAccountPage = (account: string): string => `dashboard-account:${account}`;
