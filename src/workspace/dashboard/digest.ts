/**
 * The data-set dashboard's share of the import pass over the input posts (precompute.ts): per kind
 * (hashtag, URL, domain, account, reposted post) every item's posts per hour, and the same for each
 * account of the run's results (so a watchlist's dashboard is a merge of its members' pages, not a
 * re-read of the data set). At the end, only candidates are kept per kind: the TOP_OVERALL items of
 * the whole run, plus the TOP_PER_DAY items of each day (so an item that surges on one day is not lost
 * behind the run's leaders when a short range is chosen), at most MAX_CANDIDATES.
 *
 * Cost: O(P × items per post) time with one Map look-up per item; memory O(distinct (item, hour)
 * pairs) over the data set while reading — the price of exact per-hour counts without a second pass
 * — and O(kinds × MAX_CANDIDATES × hours the item was seen) stored.
 */
import type { Post } from '../../core/post.js';
import type { DashboardKind, StoredAccountDashboard, StoredDashboard, StoredItem } from './schema.js';
import { DASHBOARD_KINDS } from './schema.js';

export const TOP_OVERALL = 200;
export const TOP_PER_DAY = 5;
export const MAX_CANDIDATES = 2000;
/** Result accounts kept per item (who can a case be opened on). */
const ACCOUNTS_PER_ITEM = 20;

interface Tally {
  total: number;
  label: string | null;
  author: string | null;
  slots: Map<number, number>;
}

type Tallies = Record<DashboardKind, Map<string, Tally>>;
const tallies = (): Tallies => ({
  hashtag: new Map(),
  url: new Map(),
  domain: new Map(),
  account: new Map(),
  post: new Map(),
});

function bump(
  m: Map<string, Tally>,
  key: string,
  slot: number,
  label: string | null,
  author: string | null,
): void {
  let t = m.get(key);
  if (!t) m.set(key, (t = { total: 0, label, author, slots: new Map() }));
  t.total++;
  t.slots.set(slot, (t.slots.get(slot) ?? 0) + 1);
}

/** Ranking order: more posts first, then the key (a stable order for equal counts). */
const beats = (c: number, k: string, than: [string, number]): boolean =>
  c > than[1] || (c === than[1] && k < than[0]);

const flat = (slots: Map<number, number>): number[] =>
  [...slots].sort((a, b) => a[0] - b[0]).flatMap(([s, c]) => [s, c]);

/** The item keys a post counts for, per kind (a post counts once per distinct item). */
export function postItems(
  p: Post,
): { kind: DashboardKind; key: string; label: string | null; author: string | null }[] {
  const out: { kind: DashboardKind; key: string; label: string | null; author: string | null }[] = [];
  for (const h of new Set(p.hashtags.map((x) => x.replace(/^#/, '').toLowerCase())))
    out.push({ kind: 'hashtag', key: h, label: null, author: null });
  for (const u of new Set(p.urls)) out.push({ kind: 'url', key: u, label: null, author: null });
  for (const d of new Set(p.domains.map((x) => x.toLowerCase())))
    out.push({ kind: 'domain', key: d, label: null, author: null });
  if (p.isRepost && p.repostOf !== undefined)
    out.push({ kind: 'post', key: p.repostOf, label: p.text ?? null, author: p.repostOfAccount ?? null });
  return out;
}

export class DashboardDigest {
  readonly all = tallies();
  readonly perAccount = new Map<
    string,
    { label: string | null; posts: Map<number, number>; items: Tallies }
  >();
  readonly totals = new Map<number, number>();

  constructor(private readonly accounts: ReadonlySet<string>) {}

  add(p: Post): void {
    const slot = Math.floor(p.time / 3600);
    this.totals.set(slot, (this.totals.get(slot) ?? 0) + 1);
    const items = postItems(p);
    for (const it of items) bump(this.all[it.kind], it.key, slot, it.label, it.author);
    bump(this.all.account, p.account, slot, p.profile?.screenName ?? null, null);
    if (!this.accounts.has(p.account)) return;
    let mine = this.perAccount.get(p.account);
    if (!mine)
      this.perAccount.set(
        p.account,
        (mine = { label: p.profile?.screenName ?? null, posts: new Map(), items: tallies() }),
      );
    mine.posts.set(slot, (mine.posts.get(slot) ?? 0) + 1);
    for (const it of items) bump(mine.items[it.kind], it.key, slot, it.label, it.author);
  }

  /** The candidates of one kind: the run's leaders and each day's. */
  #candidates(m: Map<string, Tally>): string[] {
    const byTotal = [...m].sort((a, b) => b[1].total - a[1].total || (a[0] < b[0] ? -1 : 1));
    const keep = new Set(byTotal.slice(0, TOP_OVERALL).map(([k]) => k));
    // Each day's TOP_PER_DAY by a bounded insertion (O(pairs × TOP_PER_DAY), no sort of whole days).
    const perDay = new Map<number, [string, number][]>();
    const days = new Map<number, number>();
    for (const [k, t] of m) {
      days.clear();
      for (const [s, c] of t.slots) days.set(Math.floor(s / 24), (days.get(Math.floor(s / 24)) ?? 0) + c);
      for (const [d, c] of days) {
        let top = perDay.get(d);
        if (!top) perDay.set(d, (top = []));
        if (top.length === TOP_PER_DAY && !beats(c, k, top[TOP_PER_DAY - 1]!)) continue;
        let at = top.length;
        while (at > 0 && beats(c, k, top[at - 1]!)) at--;
        top.splice(at, 0, [k, c]);
        if (top.length > TOP_PER_DAY) top.pop();
      }
    }
    for (const day of [...perDay.keys()].sort((a, b) => a - b))
      for (const [k] of perDay.get(day)!) {
        if (keep.size >= MAX_CANDIDATES) break;
        keep.add(k);
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
      const m = this.all[kind];
      items[kind] = this.#candidates(m).map((key) => {
        const t = m.get(key)!;
        const accounts = (posters.get(`${kind}\u0000${key}`) ?? [])
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .slice(0, ACCOUNTS_PER_ITEM);
        return { key, label: t.label, author: t.author, total: t.total, series: flat(t.slots), accounts };
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
          series: flat(t.slots),
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
