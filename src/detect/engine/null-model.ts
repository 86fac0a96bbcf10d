/**
 * Lockstep mode's null model for one behaviour: three nulls, each explaining co-activity by a
 * different innocent cause, and a pair's expectation is the **largest** of them (an intersection–union
 * test: the p-value is valid under whichever null holds, so a pair is surprising only when none
 * explains it):
 *
 * - crowd (engine/lockstep.ts): activity and how crowded the moments an account acts in are;
 * - shared interest (engine/lockstep.ts): both keep which objects they act on, timing uniform;
 * - time-local (engine/local-null.ts): both keep when they act, objects chosen like everyone else's at
 *   that moment — explains people active in the same weeks, hours and events.
 *
 * The time-local null costs O(n_a + n_b) per pair, so callers ask `cheap` first and `full` only for
 * pairs the first two leave unexplained; `full` ≥ `cheap` always, so a pair rejected by `cheap` stays
 * rejected.
 */
import type { PostColumns } from './actions.js';
import { buildLocalNull, type LocalNull } from './local-null.js';
import { expectedCoActions, type BehaviourPass } from './lockstep.js';

export const NULL_MODEL = {
  name: 'lockstep-3',
  nulls: ['crowd', 'shared-interest', 'time-local'],
} as const;

export class ChanceModel {
  private local: LocalNull | undefined;

  constructor(
    readonly pass: BehaviourPass,
    private readonly columns: PostColumns,
  ) {}

  /** max(crowd, shared interest) for the pair in `slot` of `pass.pairs`. */
  cheap(a: number, b: number, slot: number): number {
    return expectedCoActions(this.pass, a, b, slot);
  }

  /** max(crowd, shared interest, time-local). */
  full(a: number, b: number, slot: number): number {
    const e = this.cheap(a, b, slot);
    this.local ??= buildLocalNull(this.pass, this.columns);
    const l = this.local.expected(a, b);
    return l > e ? l : e;
  }
}
