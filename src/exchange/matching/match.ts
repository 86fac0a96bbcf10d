/**
 * `lockstep match`: a partner's account indicators (plain or keyed) against a local data set (any
 * ingest format), answered with STIX 2.1 `sighting`s — one per matched indicator, with the number of
 * local posts (`count`), `first_seen`/`last_seen`, and `where_sighted_refs` = the local organisation's
 * identity. The sighting never names the local account: the partner already knows which account its
 * indicator stands for, and a keyed indicator's account stays unknown to anyone without the key.
 *
 * Cost: one pass over the posts (a map of accounts), then one HMAC per local account and field when
 * keyed indicators are present, then one map lookup per indicator. Memory: one entry per account.
 */
import type { Post } from '../../core/post.js';
import { lockstepId } from '../../stix/ids.js';
import { TLP2_MARKINGS } from '../../stix/tlp.js';
import type { TlpLevel } from '../../stix/tlp.js';
import type { AccountIndicator } from './indicators.js';
import type { AccountField, GroupKey } from './keyed.js';
import { canonicalAccount, keyedValue } from './keyed.js';

interface AccountStats {
  platform: string;
  userId: string;
  login?: string;
  posts: number;
  first: number;
  last: number;
}

export interface MatchOptions {
  /** Platform of posts whose format does not say (`Post.platform`), e.g. "twitter". */
  platform: string;
  /** The local organisation's name (its STIX identity is derived from it, as `lockstep export` does). */
  org: string;
  key?: GroupKey;
  tlp?: TlpLevel;
  /** Sighting `created`/`modified`; default now. */
  now?: Date;
}

export interface MatchResult {
  bundle: { type: 'bundle'; id: string; objects: Record<string, unknown>[] };
  hits: number;
  plainHits: number;
  keyedHits: number;
  accounts: number;
  /** Keyed indicators made with another key than ours (they can never match). */
  otherKey: number;
}

/** Per-account counts over a post stream. */
export async function accountsOf(posts: AsyncIterable<Post>, platform: string): Promise<AccountStats[]> {
  const by = new Map<string, AccountStats>();
  for await (const p of posts) {
    const plat = (p.platform ?? platform).toLowerCase();
    const k = `${plat}\u0000${p.account}`;
    let s = by.get(k);
    if (!s) {
      s = { platform: plat, userId: p.account, posts: 0, first: p.time, last: p.time };
      by.set(k, s);
    }
    s.posts++;
    if (p.time < s.first) s.first = p.time;
    if (p.time > s.last) s.last = p.time;
    if (p.profile?.screenName) s.login = p.profile.screenName;
  }
  return [...by.values()];
}

const iso = (unixSeconds: number) => new Date(Math.round(unixSeconds * 1000)).toISOString();

export function matchAccounts(
  accounts: readonly AccountStats[],
  indicators: readonly AccountIndicator[],
  opts: MatchOptions,
): MatchResult {
  const fields: AccountField[] = ['user_id', 'account_login'];
  const valueOf = (a: AccountStats, f: AccountField) => (f === 'user_id' ? a.userId : a.login);
  // plain: canonical form with the platform, and without it (for indicators that name none)
  const plain = new Map<string, AccountStats[]>();
  const put = (k: string, a: AccountStats) => {
    const list = plain.get(k);
    if (list) list.push(a);
    else plain.set(k, [a]);
  };
  for (const a of accounts)
    for (const f of fields) {
      const v = valueOf(a, f);
      if (v === undefined) continue;
      put(canonicalAccount(a.platform, f, v), a);
      put(canonicalAccount('', f, v), a);
    }
  const keyed = new Map<string, AccountStats>();
  if (opts.key && indicators.some((i) => i.kind === 'keyed'))
    for (const a of accounts)
      for (const f of fields) {
        const v = valueOf(a, f);
        if (v !== undefined) keyed.set(keyedValue(opts.key, a.platform, f, v), a);
      }

  const identityId = lockstepId('identity', [opts.org]);
  const tlp = TLP2_MARKINGS[opts.tlp ?? 'amber'];
  const now = (opts.now ?? new Date()).toISOString();
  const hitsBy = new Map<string, { kind: AccountIndicator['kind']; accounts: Set<AccountStats> }>();
  let otherKey = 0;
  for (const ind of indicators) {
    let found: AccountStats[] = [];
    if (ind.kind === 'plain') {
      found = plain.get(canonicalAccount(ind.platform ?? '', ind.field, ind.value)) ?? [];
    } else if (opts.key && ind.keyId !== undefined && ind.keyId !== opts.key.id) {
      otherKey++;
    } else {
      const a = keyed.get(ind.value);
      if (a) found = [a];
    }
    if (found.length === 0) continue;
    const h = hitsBy.get(ind.indicatorId) ?? { kind: ind.kind, accounts: new Set<AccountStats>() };
    for (const a of found) h.accounts.add(a);
    hitsBy.set(ind.indicatorId, h);
  }

  const sightings: Record<string, unknown>[] = [];
  let plainHits = 0;
  let keyedHits = 0;
  for (const [indicatorId, h] of [...hitsBy].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    if (h.kind === 'plain') plainHits++;
    else keyedHits++;
    const list = [...h.accounts];
    const posts = list.reduce((n, a) => n + a.posts, 0);
    sightings.push({
      type: 'sighting',
      spec_version: '2.1',
      id: lockstepId('sighting', [identityId, indicatorId]),
      created: now,
      modified: now,
      created_by_ref: identityId,
      sighting_of_ref: indicatorId,
      // STIX 2.1 §4.13: count is 0…999 999 999.
      count: Math.min(posts, 999_999_999),
      first_seen: iso(Math.min(...list.map((a) => a.first))),
      last_seen: iso(Math.max(...list.map((a) => a.last))),
      where_sighted_refs: [identityId],
      description: `${opts.org} saw this account too (${h.kind} match; ${posts} posts in the local data set).`,
      object_marking_refs: [tlp.id],
    });
  }
  const identity = {
    type: 'identity',
    spec_version: '2.1',
    id: identityId,
    created: '2025-01-01T00:00:00.000Z',
    modified: '2025-01-01T00:00:00.000Z',
    name: opts.org,
    identity_class: 'organization',
  };
  return {
    bundle: {
      type: 'bundle',
      id: lockstepId('bundle', [identityId, now, ...sightings.map((s) => s.id)]),
      objects: sightings.length ? [tlp, identity, ...sightings] : [],
    },
    hits: sightings.length,
    plainHits,
    keyedHits,
    accounts: accounts.length,
    otherKey,
  };
}
