/**
 * lockstep-sql.ts's pairs statement in K slices by the pair's lower account, so that no slice's
 * per-(pair, object) and per-pair GROUP BYs outgrow the engine's memory: slice i holds the pairs
 * (a, b), a < b, with a mod K = i, so every pair's co-actions fall in one slice and each slice's rows
 * are final (no merge across slices). Same pairs, same columns as the one statement: the weights are
 * multiples of 2⁻³² (engine/crowd-weights.ts), so their sums are exact in any grouping.
 *
 * Why slices need a second direction. The one statement finds each co-action from its earlier action
 * (positions epos + 1 … reach, `ahead`); the pair's lower account may sit on either action. Filtering
 * on least(a, b) after the join would rebuild every co-action in each of the K slices. Instead each
 * slice expands only the actions of its own accounts, both ways: forward to the `ahead` later actions
 * (kept when the partner's account is higher), and backward to the `behind` earlier actions whose
 * forward reach includes this one (kept when the partner's account is higher). A co-action is found
 * exactly once, from the action of its lower account, and across all K slices the expansion is twice
 * the one statement's, not K times.
 *
 * `behind` is read off `reach`, not off a second time frame, so both directions pair exactly the same
 * positions even where t + w rounds (fractional times): reach is non-decreasing along an object's
 * eligible actions, so the earlier actions reaching position q are the positions
 * first(q) … q − 1, where first(q) − 1 = #{p : reach_p < q} — a running count over the positions and
 * the reach values of one object merged in one order (reach values after positions at a tie, since the
 * test is strict).
 *
 * Cost: `acts` once per behaviour, one row per eligible action (a sort of 2 rows per eligible action
 * for `behind`, plus the joins the one statement makes); per slice a filtered scan of `acts`, two
 * partner expansions of 1/K of the actions, two hash joins against all of `acts` (the build side:
 * O(eligible) per slice), and GROUP BYs over ~1/K of the co-actions. Memory per slice: the co-actions
 * of 1/K of the pairs in the two hash aggregates.
 *
 * Slicing needs integer account ids (`account_id % K`): Lockstep's DuckDB tables have them. On an engine
 * with text ids, slice on a hash of the id instead.
 */
import { numbers, pairTotals, type LockstepSqlOptions } from './lockstep-sql.js';

/** The sliced pairs statements of one behaviour: `acts` first, then `slice(i)` for i = 0 … K − 1. */
export interface SlicedPairs {
  slices: number;
  /** `CREATE TEMP TABLE <kept>_acts`: the eligible actions with ahead, behind, n_{a,o} and weight. */
  acts: string;
  /** The pairs (lockstep-sql.ts `pairs` columns) whose lower account is i mod K. */
  slice(i: number): string;
  /** What to drop afterwards. */
  tables: string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * @example
 * const s = slicedPairsSql('kept', { window: 60, maxCrowd: 200, minPairCoActions: 2 }, 8);
 * await conn.run(s.acts);
 * for (let i = 0; i < s.slices; i++) await conn.run(`INSERT INTO pairs ${s.slice(i)}`);
 */
export function slicedPairsSql(kept: string, options: LockstepSqlOptions, slices: number): SlicedPairs {
  const weights = options.weights ?? `${kept}_weights`;
  for (const t of [kept, weights]) if (!NAME.test(t)) throw new RangeError(`bad table name ${t}`);
  if (!Number.isInteger(slices) || slices < 1) throw new RangeError(`bad slice count ${slices}`);
  const { maxCrowd } = options;
  const minPair = options.minPairCoActions ?? 1;
  const acts = `${kept}_acts`;
  // The columns of the one statement's `acts`, plus `behind` (above).
  const actsSql = `
CREATE TEMP TABLE ${acts} AS
WITH
  eligible AS (SELECT * FROM ${kept} WHERE crowd <= ${maxCrowd}),
  on_object AS (SELECT object_id, account_id, count(*) AS n FROM eligible GROUP BY object_id, account_id),
  marks AS (
    SELECT object_id, epos AS place, 0 AS is_reach FROM eligible
    UNION ALL SELECT object_id, reach AS place, 1 AS is_reach FROM eligible),
  reached AS (
    SELECT object_id, place AS epos, is_reach,
      sum(is_reach) OVER (PARTITION BY object_id ORDER BY place, is_reach ROWS UNBOUNDED PRECEDING) AS below
    FROM marks)
SELECT e.object_id, e.account_id, e.ts, e.crowd, e.epos, e.reach - e.epos AS ahead,
  CAST(e.epos - 1 - x.below AS BIGINT) AS behind, o.n, cw.w
FROM eligible e
  JOIN on_object o ON o.object_id = e.object_id AND o.account_id = e.account_id
  JOIN ${weights} cw ON cw.c = e.crowd
  JOIN reached x ON x.object_id = e.object_id AND x.epos = e.epos AND x.is_reach = 0`;
  const slice = (i: number): string => {
    if (!Number.isInteger(i) || i < 0 || i >= slices) throw new RangeError(`bad slice ${i} of ${slices}`);
    const mine = `SELECT * FROM ${acts}${slices === 1 ? '' : ` WHERE account_id % ${slices} = ${i}`}`;
    // `m` is an action of this slice's accounts, `o` its partner; the co-action's time is the earlier
    // action's and its weight the more crowded action's, as in the one statement. The partner's
    // position is computed before the join on it (as the one statement's `partners`): written as one
    // three-way join, DuckDB joined whole objects first.
    const found = (dir: 'forward' | 'backward'): string => `
    SELECT m.object_id, m.account_id AS a, o.account_id AS b, ${dir === 'forward' ? 'm' : 'o'}.ts,
      CASE WHEN m.crowd >= o.crowd THEN m.w ELSE o.w END AS w, m.n * o.n AS shared
    FROM ${dir} m JOIN ${acts} o ON o.object_id = m.object_id AND o.epos = m.partner
    WHERE o.account_id > m.account_id`;
    const expand = (dir: 'forward' | 'backward'): string => `
  ${dir} AS (
    SELECT m.object_id, m.account_id, m.ts, m.crowd, m.n, m.w,
      m.epos ${dir === 'forward' ? '+' : '-'} s.k AS partner
    FROM mine m JOIN steps s ON s.ahead = m.${dir === 'forward' ? 'ahead' : 'behind'}),`;
    return `
WITH
  ${numbers(maxCrowd)},
  steps AS (SELECT a.k AS ahead, s.k FROM nums a JOIN nums s ON s.k <= a.k),
  mine AS (${mine}),${expand('forward')}${expand('backward')}
  co AS (${found('forward')}
    UNION ALL${found('backward')}),
  ${pairTotals(minPair)}`;
  };
  return { slices, acts: actsSql, slice, tables: [acts] };
}
