/**
 * The explorer's second node type, precomputed at import: the objects the run's accounts amplified
 * (retweeted posts, retweeted accounts, URLs, domains, hashtags) with account → object ties, bounded
 * like the first view (graph-page.ts) so that turning them on stays cheap in the page.
 *
 * Source: the result accounts' own tallies of the dashboard digest (dashboard/digest.ts), which the
 * import's pass over the input posts already keeps — no second pass, nothing new per post. A
 * retweeted account is the sum of its retweeted posts, per acting account.
 *
 * Bound: an object counts when at least two of the run's accounts acted on it (a co-action target);
 * per kind the {@link OBJECTS_PER_KIND} with most such accounts (then most actions, then key) are
 * kept, so the few domains every link carries do not crowd out hashtags and retweets. Of their ties
 * at most `maxTies` go out (graph-page.ts passes its first view's edge count), in the first view's "strongest ties first" order taken from
 * both ends: a tie's rank is the smaller of its rank among its account's ties and among its object's
 * (by weight), so every account keeps its strongest object and every object its strongest account
 * (top-k sparsification, Satuluri, Parthasarathy & Ruan 2011). Objects left with no tie are dropped.
 *
 * Position: an object sits at the weighted mean of its kept accounts' import-time positions (a
 * single barycentric step of the layout, cf. Tutte 1963), nudged by a seeded offset so that objects of
 * the same accounts do not cover each other.
 *
 * Cost: O(T) over the result accounts' (account, item) tallies T to count, O(K log K) to rank the
 * candidates, O(T_k log T_k) to order the kept objects' ties; memory O(distinct items of the result
 * accounts).
 */
import { mulberry32 } from '../report/layout.js';
import type { GraphObject, GraphObjectEdge, GraphObjectsPage, ObjectKind } from './api-schema.js';
import type { Tallies, Tally } from './dashboard/digest.js';
import { iso, repostBody } from './view-values.js';

/** Objects kept per kind. */
export const OBJECTS_PER_KIND = 200;

/** The result accounts' own tallies (DashboardDigest.perAccount). */
export type AccountTallies = ReadonlyMap<string, { items: Tallies }>;

interface Candidate {
  kind: ObjectKind;
  key: string;
  author: string | null;
  text: string | null;
  accounts: number;
  actions: number;
}

interface Tie {
  account: string;
  object: number;
  weight: number;
  firstSlot: number;
  lastSlot: number;
}

const FIELD_KINDS = ['post', 'url', 'domain', 'hashtag'] as const;

function slotRange(t: Tally): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < t.hours.length; i += 2) {
    const s = t.hours[i]!;
    if (s < lo) lo = s;
    if (s > hi) hi = s;
  }
  return [lo, hi];
}

/** Each of `account`'s objects with its tally; a retweeted account folds its posts' tallies. */
function forEachObject(
  items: Tallies,
  visit: (kind: ObjectKind, key: string, actions: number, first: number, last: number, t: Tally) => void,
): void {
  const authors = new Map<string, [number, number, number, Tally]>();
  for (const kind of FIELD_KINDS)
    for (const [key, t] of items[kind]) {
      const [lo, hi] = slotRange(t);
      visit(kind, key, t.total, lo, hi, t);
      if (kind === 'post' && t.author !== null) {
        const a = authors.get(t.author);
        if (!a) authors.set(t.author, [t.total, lo, hi, t]);
        else {
          a[0] += t.total;
          a[1] = Math.min(a[1], lo);
          a[2] = Math.max(a[2], hi);
        }
      }
    }
  for (const [author, [actions, lo, hi, t]] of authors) visit('account', author, actions, lo, hi, t);
}

const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function labelOf(c: Candidate, names: ReadonlyMap<string, string>): string {
  const who = (id: string | null): string => `@${id === null ? 'unknown' : (names.get(id) ?? id)}`;
  switch (c.kind) {
    case 'hashtag':
      return `#${c.key}`;
    case 'account':
      return who(c.key);
    case 'post':
      return clip(`retweets of ${who(c.author)}: ${c.text ?? `post ${c.key}`}`, 80);
    default:
      return c.key;
  }
}

/** Ranking of candidates within a kind: more accounts, more actions, then the key. */
const byReach = (x: Candidate, y: Candidate): number =>
  y.accounts - x.accounts || y.actions - x.actions || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0);

/**
 * The `graph-objects` page. `positions`: the accounts' import-time positions; `names`: screen names
 * of the run's accounts (a retweeted account in the run is named as the graph names it).
 */
export function objectsPage(
  tallies: AccountTallies,
  positions: ReadonlyMap<string, { x: number; y: number }>,
  names: ReadonlyMap<string, string>,
  seed: number,
  maxTies: number,
): GraphObjectsPage {
  // Pass 1: reach of every object of the result accounts.
  const all = new Map<string, Candidate>();
  for (const { items } of tallies.values())
    forEachObject(items, (kind, key, actions, _lo, _hi, t) => {
      const id = `${kind}:${key}`;
      let c = all.get(id);
      if (!c) {
        const author = kind === 'account' ? key : kind === 'post' ? t.author : null;
        const text = kind === 'post' ? repostBody(t.label) : null;
        all.set(id, (c = { kind, key, author, text, accounts: 0, actions: 0 }));
      }
      c.accounts++;
      c.actions += actions;
    });
  const perKind = new Map<ObjectKind, Candidate[]>();
  let candidates = 0;
  for (const c of all.values()) {
    if (c.accounts < 2) continue;
    candidates++;
    let list = perKind.get(c.kind);
    if (!list) perKind.set(c.kind, (list = []));
    list.push(c);
  }
  const kept: Candidate[] = [];
  const index = new Map<string, number>();
  for (const kind of ['post', 'account', 'url', 'domain', 'hashtag'] as const)
    for (const c of (perKind.get(kind) ?? []).sort(byReach).slice(0, OBJECTS_PER_KIND)) {
      index.set(`${c.kind}:${c.key}`, kept.length);
      kept.push(c);
    }

  // Pass 2: the kept objects' ties, strongest first from both ends.
  const ties: Tie[] = [];
  for (const [account, { items }] of tallies)
    forEachObject(items, (kind, key, weight, firstSlot, lastSlot) => {
      const object = index.get(`${kind}:${key}`);
      if (object !== undefined) ties.push({ account, object, weight, firstSlot, lastSlot });
    });
  const rank = new Int32Array(ties.length).fill(0x7fffffff);
  const ends = new Map<string, number[]>();
  ties.forEach((t, i) => {
    for (const end of [`a ${t.account}`, `o ${t.object}`]) {
      let list = ends.get(end);
      if (!list) ends.set(end, (list = []));
      list.push(i);
    }
  });
  for (const list of ends.values()) {
    list.sort((x, y) => ties[y]!.weight - ties[x]!.weight || x - y);
    list.forEach((t, r) => {
      if (r < rank[t]!) rank[t] = r;
    });
  }
  const order = ties
    .map((_, i) => i)
    .sort((x, y) => rank[x]! - rank[y]! || ties[y]!.weight - ties[x]!.weight || x - y)
    .slice(0, maxTies);

  // Positions: the weighted mean of each object's kept accounts, then a seeded nudge.
  const sum = kept.map(() => ({ x: 0, y: 0, w: 0 }));
  let minX = Infinity;
  let maxX = -Infinity;
  for (const p of positions.values()) {
    if (p.x < minX) minX = p.x;
    if (p.x > maxX) maxX = p.x;
  }
  const nudge = Number.isFinite(minX) ? Math.max(1e-6, (maxX - minX) / 80) : 1;
  for (const i of order) {
    const t = ties[i]!;
    const p = positions.get(t.account);
    if (!p) continue;
    const s = sum[t.object]!;
    s.x += p.x * t.weight;
    s.y += p.y * t.weight;
    s.w += t.weight;
  }
  const rand = mulberry32(seed ^ 0x0b1ec7);
  const objects: GraphObject[] = [];
  const newId = new Map<number, string>();
  kept.forEach((c, i) => {
    const s = sum[i]!;
    const angle = rand() * 2 * Math.PI;
    const radius = nudge * (1 + rand() * 2);
    if (s.w === 0) return;
    const id = `${c.kind}:${c.key}`;
    newId.set(i, id);
    objects.push({
      id,
      kind: c.kind,
      key: c.key,
      label: labelOf(c, names),
      author: c.author,
      text: c.text,
      accounts: c.accounts,
      actions: c.actions,
      x: s.x / s.w + Math.cos(angle) * radius,
      y: s.y / s.w + Math.sin(angle) * radius,
    });
  });
  const edges: GraphObjectEdge[] = order.flatMap((i) => {
    const t = ties[i]!;
    const object = newId.get(t.object);
    if (object === undefined) return [];
    return [
      {
        account: t.account,
        object,
        weight: t.weight,
        first: iso(t.firstSlot * 3600),
        last: iso(t.lastSlot * 3600 + 3599),
      },
    ];
  });
  return { objects, edges, candidates, edgeTotal: ties.length };
}
