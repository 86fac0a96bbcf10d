/**
 * Lockstep mode's null model for one behaviour. Each null is an innocent explanation of co-activity,
 * and a pair's expectation is the **largest** of them (an intersection–union test: the p-value is
 * valid under whichever null holds, so a pair is surprising only when none explains it):
 *
 * - crowd (engine/lockstep.ts): activity and how crowded the moments an account acts in are;
 * - shared interest (engine/lockstep.ts): both keep which objects they act on, timing uniform;
 * - time-local (engine/local-null.ts): both keep the days they are active in, objects chosen like
 *   everyone else's then — explains people active in the same weeks and on the same event days;
 * - for one-life objects only (ONE_LIFE_BEHAVIOURS), interest with the object's own timeline
 *   (engine/timing-null.ts) — explains fans reposting their leaders' posts and feed bots.
 *
 * One-life behaviours get a second test, synchrony at a consistent lag (engine/timing-null.ts), which
 * finds what the timeline null explains away on an object only a ring touches.
 *
 * The costly nulls take O(n_a + n_b) per pair, so callers ask `cheap` first and `full` only for pairs
 * the first two leave unexplained; `full` ≥ `cheap` always, so a pair rejected by `cheap` stays
 * rejected.
 */
import type { Behaviour } from '../../core/behaviour.js';
import type { PostColumns } from './actions.js';
import { AUDIENCE_MIN, AudienceScratch, checkAudience, type AudienceCheck } from './audience.js';
import { buildEligibleIndex, type EligibleIndex } from './eligible-index.js';
import { lagScreen, sweepPairLags, type LagScreen } from './lag-screen.js';
import { buildLocalNull, type LocalNull } from './local-null.js';
import { expectedCoActions, type BehaviourPass } from './lockstep.js';
import { buildTimingNull, LagSplit, type PairTiming, type TimingNull } from './timing-null.js';

/**
 * Behaviours whose objects live once: a post (reposted, replied to), an article's URL, a text. Their
 * actions arrive as one cascade after the object appears. Hashtags, domains, mentions and images recur
 * across days and events, where the object's own timeline would be the campaign's.
 */
export const ONE_LIFE_BEHAVIOURS: readonly Behaviour[] = [
  'co-retweet',
  'co-reply',
  'co-link',
  'co-post',
  'co-similar',
];

export const NULL_MODEL = {
  name: 'lockstep-5',
  nulls: ['crowd', 'shared-interest', 'time-local', 'object-timeline'],
  tests: ['count', 'lag'],
  lagReference: 'population, clocks, outsiders on the object',
  /** engine/audience.ts: a one-life behaviour in which a group is part of a larger audience is left out. */
  audience: { behaviours: 'one-life', minOutsiders: AUDIENCE_MIN, reach: 'within the effect floor' },
  oneLifeBehaviours: ONE_LIFE_BEHAVIOURS,
} as const;

/**
 * For a released archive (options.reference 'archive'): no null or reference drawn from everyone's
 * behaviour, since everyone is the operation — the crowd and shared-interest nulls (each account keeps
 * its own activity and objects) and the uniform lag reference s / w, with clocks.
 */
export const ARCHIVE_NULL_MODEL = {
  name: 'lockstep-5-archive',
  nulls: ['crowd', 'shared-interest'],
  tests: ['count', 'lag'],
  lagReference: 'uniform, clocks',
  audience: 'not used (the outsiders are the operation)',
  oneLifeBehaviours: ONE_LIFE_BEHAVIOURS,
} as const;

export const nullModelOf = (reference: 'crowd' | 'archive') =>
  reference === 'archive' ? ARCHIVE_NULL_MODEL : NULL_MODEL;

export class ChanceModel {
  /** Tests run for this behaviour: the count test, plus the lag test on one-life behaviours. */
  readonly tests: number;
  private index: EligibleIndex | undefined;
  private local: LocalNull | undefined;
  private timingNull: TimingNull | undefined;
  private lastKey = -1;
  private lastTiming: PairTiming | undefined;
  private screenBySlot: Float64Array | undefined;
  private fullBySlot: Float64Array | undefined;
  private audienceScratch: AudienceScratch | undefined;

  constructor(
    readonly pass: BehaviourPass,
    private readonly columns: PostColumns,
    /** 'archive': only the crowd and shared-interest nulls, uniform lag reference (options.reference). */
    readonly archive = false,
    readonly oneLife: boolean = ONE_LIFE_BEHAVIOURS.includes(pass.table.behaviour),
  ) {
    this.tests = oneLife ? 2 : 1;
  }

  /**
   * Builds now what fusion would build on its first question: on one-life behaviours the timing null
   * (and the eligible index under it), which the lag test always asks for; on the others, against a
   * crowd, the eligible index the time-local null reads. The same objects, built earlier: pipeline.ts
   * calls this while the main thread would otherwise wait for co-similar's worker.
   */
  prepare(): void {
    if (this.oneLife) this.lagTest();
    else if (!this.archive) this.eligible();
  }

  /** max(crowd, shared interest) for the pair in `slot` of `pass.pairs`. */
  cheap(a: number, b: number, slot: number): number {
    return expectedCoActions(this.pass, a, b, slot);
  }

  /**
   * The screen's expectation, max(crowd, shared interest, time-local) (the clustering screen in
   * fusion.ts). Kept per pair slot: fusion and the network tests ask for the same pairs again.
   */
  screen(a: number, b: number, slot: number): number {
    const cache = (this.screenBySlot ??= new Float64Array(this.pass.pairs.capacity).fill(NaN));
    const known = cache[slot]!;
    if (!Number.isNaN(known)) return known;
    const e = this.cheap(a, b, slot);
    if (this.archive) return (cache[slot] = e);
    this.local ??= buildLocalNull(this.eligible());
    const l = this.local.expected(a, b);
    return (cache[slot] = l > e ? l : e);
  }

  /** The largest of all the nulls that apply to this behaviour, kept per pair slot. */
  full(a: number, b: number, slot: number): number {
    const cache = (this.fullBySlot ??= new Float64Array(this.pass.pairs.capacity).fill(NaN));
    const known = cache[slot]!;
    if (!Number.isNaN(known)) return known;
    let e = this.screen(a, b, slot);
    if (this.archive) return (cache[slot] = e);
    if (this.oneLife) {
      // E_tl alone: the lag statistics of `timing` (two sorts per pair) are not needed here.
      const key = a * this.columns.accounts.size + b;
      this.timingNull ??= buildTimingNull(this.eligible(), this.archive);
      const tl =
        key === this.lastKey ? this.lastTiming!.interestTimeline : this.timingNull.interestTimeline(a, b);
      if (tl > e) e = tl;
    }
    return (cache[slot] = e);
  }

  /** The lag statistics of a pair (a < b), on one-life behaviours only. */
  timing(a: number, b: number): PairTiming | undefined {
    if (!this.oneLife) return undefined;
    const key = a * this.columns.accounts.size + b;
    if (key !== this.lastKey) {
      this.timingNull ??= buildTimingNull(this.eligible(), this.archive);
      this.lastTiming = this.timingNull.pair(a, b);
      this.lastKey = key;
    }
    return this.lastTiming;
  }

  /** The lag test's constants (π, Bonferroni positions), on one-life behaviours only. */
  lagTest(): TimingNull | undefined {
    if (!this.oneLife) return undefined;
    return (this.timingNull ??= buildTimingNull(this.eligible(), this.archive));
  }

  /**
   * K_w, O_L and L of many pairs (a < b) at once, as `timing` gives them: the lag test's first stage
   * without each pair's full timing (engine/lag-screen.ts; `onLags` sees each pair's lags). One-life
   * behaviours only.
   */
  lagScreen(
    as: Int32Array,
    bs: Int32Array,
    onLags?: (p: number, sorted: Float64Array, synchronous: number, coActions: number) => void,
  ): LagScreen | undefined {
    const lagTest = this.lagTest();
    return lagTest && lagScreen(this.eligible(), lagTest.slack, as, bs, onLags);
  }

  /**
   * The sample-split lag statistics of many pairs (a < b) at once, as `timing` gives them (heldObserved,
   * held, fitLag; the held co-actions' objects are `objects` at odd positions): each pair is handed to
   * `visit` with the splitter holding its statistics (engine/lag-screen.ts). One-life behaviours only;
   * false otherwise.
   */
  sweepSplits(
    as: Int32Array,
    bs: Int32Array,
    visit: (p: number, split: LagSplit, objects: Int32Array) => void,
  ): boolean {
    const lagTest = this.lagTest();
    if (!lagTest) return false;
    const splitter = new LagSplit(lagTest.slack);
    sweepPairLags(this.eligible(), as, bs, (p, lags, objects) => {
      splitter.split(lags, lags.length);
      visit(p, splitter, objects);
    });
    return true;
  }

  /**
   * The audience rule (engine/audience.ts) for a group of accounts, on one-life behaviours measured
   * against a crowd; undefined where it does not apply (recurring objects, a released archive).
   */
  audience(
    members: readonly number[],
    isMember: (account: number) => boolean,
    effectFloor: number,
  ): AudienceCheck | undefined {
    if (!this.oneLife || this.archive) return undefined;
    this.audienceScratch ??= new AudienceScratch(this.columns.accounts.size);
    return checkAudience(this.eligible(), members, isMember, this.audienceScratch, effectFloor);
  }

  private eligible(): EligibleIndex {
    return (this.index ??= buildEligibleIndex(this.pass, this.columns));
  }
}
