/**
 * The audience rule (issue #9, hard negatives: fan and activist communities): on a one-life behaviour,
 * a group of accounts is part of a larger **audience** of the objects it shares when at least as many
 * accounts outside the group (and at least AUDIENCE_MIN) acted on those objects within the effect
 * floor of the group's median member — a third as often, at the default floor of 3. Then the group's
 * co-actions there say only that its members are the fastest of that audience, which people with
 * notifications on are: a fan community's superfans repost every post of their leaders within a
 * minute, as a retweet ring does, and no timing test tells them apart (both react after heavy-tailed
 * delays of tens of seconds; Barabási 2005 on heterogeneous human response times). What does tell
 * them apart is whom else the objects reach: a ring's and a persona set's targets are reached again
 * and again only by the group itself (its posts, its leads' posts), a leader's posts by hundreds of
 * other followers who simply react later. The members must stand out from that audience by the same
 * effect floor as from chance (docs/DETECT.md). Measured on the simulator at 1M posts
 * (bench/RESULTS.md): every planted retweet ring and slow-persona set had at most 4 outsiders at half
 * its median member's reach; the three fan-community networks 93 (36 members), 498 (120), 142 (12).
 *
 * Why AUDIENCE_MIN: a handful of outsiders who act like the members are more likely members the
 * clustering left out (a persona set found in part) than a public.
 *
 * The comparison is the organic contrast's (engine/organic-contrast.ts; Giglietto et al. 2020 compare a
 * link's coordinated sharers with its other sharers) made into a rule for the test: "shared objects"
 * are those at least two members acted on, reach is counted over the behaviour's eligible actions.
 * Not used for a released archive (options.reference 'archive'), where the outsiders are the
 * operation's other accounts, nor on recurring objects (hashtags, domains), where everyone who uses a
 * campaign's tag reaches the same one or two objects.
 *
 * Cost: O(the members' actions + every action on the shared objects); memory one stamp per account
 * (reused) and a map per call over the shared objects' outside actors.
 */
import type { EligibleIndex } from './eligible-index.js';

export interface AudienceCheck {
  /** Objects at least two members acted on. */
  sharedObjects: number;
  /** Members that acted on at least one shared object. */
  members: number;
  /** The median of those members' reach (shared objects each acted on). */
  memberReach: number;
  /** Accounts outside the group that reached at least memberReach / effect floor of them. */
  outsiders: number;
  /** outsiders ≥ max(members, AUDIENCE_MIN): the group is part of a larger audience. */
  audience: boolean;
}

/** Fewer outsiders than this are never an audience (see the module comment). */
export const AUDIENCE_MIN = 10;

/** Reusable scratch per eligible index (one stamp per account). */
export class AudienceScratch {
  private readonly stamp: Int32Array;
  private mark = 0;
  constructor(accounts: number) {
    this.stamp = new Int32Array(accounts);
  }
  next(): number {
    return ++this.mark;
  }
  seen(account: number, mark: number): boolean {
    if (this.stamp[account] === mark) return true;
    this.stamp[account] = mark;
    return false;
  }
}

export function checkAudience(
  index: EligibleIndex,
  members: readonly number[],
  isMember: (account: number) => boolean,
  scratch: AudienceScratch,
  effectFloor: number,
): AudienceCheck {
  const { account, objectStart, offset, objectOf } = index;
  // Distinct members per object (a member's repeats on one object count once).
  const lastMember = new Map<number, number>();
  const memberCount = new Map<number, number>();
  for (const a of members)
    for (let i = offset[a]!; i < offset[a + 1]!; i++) {
      const o = objectOf[i]!;
      if (lastMember.get(o) === a) continue;
      lastMember.set(o, a);
      memberCount.set(o, (memberCount.get(o) ?? 0) + 1);
    }
  const shared: number[] = [];
  for (const [o, n] of memberCount) if (n >= 2) shared.push(o);
  const empty = { sharedObjects: shared.length, members: 0, memberReach: 0, outsiders: 0, audience: false };
  if (shared.length === 0) return empty;
  const isShared = new Set(shared);
  const reach: number[] = [];
  for (const a of members) {
    const seen = new Set<number>();
    for (let i = offset[a]!; i < offset[a + 1]!; i++) {
      const o = objectOf[i]!;
      if (isShared.has(o)) seen.add(o);
    }
    if (seen.size > 0) reach.push(seen.size);
  }
  reach.sort((x, y) => x - y);
  const memberReach = reach[Math.floor(reach.length / 2)]!;
  const outsideReach = new Map<number, number>();
  for (const o of shared) {
    const mark = scratch.next();
    for (let k = objectStart[o]!; k < objectStart[o + 1]!; k++) {
      const x = account[k]!;
      if (isMember(x) || scratch.seen(x, mark)) continue;
      outsideReach.set(x, (outsideReach.get(x) ?? 0) + 1);
    }
  }
  const within = memberReach / Math.max(1, effectFloor);
  let outsiders = 0;
  for (const r of outsideReach.values()) if (r >= within) outsiders++;
  return {
    sharedObjects: shared.length,
    members: reach.length,
    memberReach,
    outsiders,
    audience: reach.length >= 2 && outsiders >= Math.max(reach.length, AUDIENCE_MIN),
  };
}
