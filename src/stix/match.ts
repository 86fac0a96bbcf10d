/**
 * Finds which campaign of a previous export each new network continues, so a network that gained or
 * lost a few members keeps its STIX id (and gets a new version) instead of becoming a new campaign.
 * Membership of an old campaign is read back from its `indicates` relationships from account
 * indicators; a pair matches when the Jaccard overlap of members is at least 0.5, greedily by overlap.
 *
 * Cost: O(new × old) set intersections; both are the number of networks, small in practice.
 */
import type { StixObject } from './types.js';

export const MIN_OVERLAP = 0.5;

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  const union = a.size + b.size - inter;
  return union === 0 ? 0 : inter / union;
}

/**
 * @param networks member indicator ids per new network
 * @param previous latest version per id of the previous export
 * @returns the previous campaign id per network index, or undefined where none continues
 */
export function matchCampaigns(
  networks: readonly (readonly string[])[],
  previous: ReadonlyMap<string, StixObject>,
  producerId: string,
): (string | undefined)[] {
  const members = new Map<string, Set<string>>();
  for (const o of previous.values()) {
    if (o.type === 'campaign' && o.created_by_ref === producerId && o.revoked !== true)
      members.set(o.id, new Set());
  }
  for (const o of previous.values()) {
    if (o.type !== 'relationship' || o.relationship_type !== 'indicates' || o.revoked === true) continue;
    const target = typeof o.target_ref === 'string' ? members.get(o.target_ref) : undefined;
    const source = typeof o.source_ref === 'string' ? previous.get(o.source_ref) : undefined;
    if (target && typeof source?.pattern === 'string' && source.pattern.startsWith('[user-account:')) {
      target.add(source.id);
    }
  }
  const pairs: { i: number; c: string; j: number }[] = [];
  networks.forEach((net, i) => {
    const set = new Set(net);
    for (const [c, m] of members) {
      const j = jaccard(set, m);
      if (j >= MIN_OVERLAP) pairs.push({ i, c, j });
    }
  });
  pairs.sort((x, y) => y.j - x.j || x.i - y.i || (x.c < y.c ? -1 : x.c > y.c ? 1 : 0));
  const out: (string | undefined)[] = networks.map(() => undefined);
  const used = new Set<string>();
  for (const p of pairs) {
    if (out[p.i] !== undefined || used.has(p.c)) continue;
    out[p.i] = p.c;
    used.add(p.c);
  }
  return out;
}
