/**
 * Lockstep mode's pair-counting stage as plain SQL, so it can run on an existing engine: DuckDB
 * locally, a distributed SQL engine (Spark SQL, Trino, BigQuery …) at scale (docs/SCALING.md). The
 * semantics are engine/lockstep.ts `lockstepPass`, step for step (its header has the reasons and
 * sources); the chance model, Benjamini–Hochberg and Louvain stay in Lockstep on the small pair table.
 *
 * Input: `<actions>(rid BIGINT, object_id VARCHAR, account_id VARCHAR, ts DOUBLE)`, one row per action
 * of one behaviour (engine/actions.ts `ActionTable`: object, and the post's account and time). `rid` is
 * the action's row number in the input stream: the engine orders an object's actions by (time, row),
 * so at equal times the earlier row is "first" (it is the one kept when an account repeats itself at
 * one instant). Every aggregate below is the same whichever of two equal-time rows is first; `rid` only
 * fixes which row the kept table names. `ts` must be finite (not NULL, not NaN).
 *
 * 1. Collapse (`kept`): per (object, account), in (ts, rid) order, an action is dropped when it is
 *    within the window (inclusive) of the account's latest *kept* action there. That is a greedy chain
 *    (0, 60, 120 with w = 100 keeps 0 and 120), not a gap rule, so it is a recursive CTE: `reach` (a
 *    RANGE frame count) is the last position a kept action absorbs, the next kept action is at
 *    `reach + 1`. An action out of reach of its predecessor starts a run and is always kept; the
 *    recursion only walks runs where the reach pointer jumps inside the run (bursts longer than w).
 * 2. Crowd: kept actions on the object within ± w (RANGE frame), minus the action itself.
 * 3. Co-actions: eligible actions (crowd ≤ maxCrowd) numbered per object in (ts, rid) order; action i
 *    pairs with the `ahead` actions after it that are within w, i.e. positions i + 1 … i + ahead. Those
 *    partner positions come from a numbers table 1 … maxCrowd (ahead ≤ crowd ≤ maxCrowd) in their own
 *    CTE, then an equi-join on (object_id, position) finds the partners, so no engine forms all pairs
 *    of an object (written as one three-way join, DuckDB paired whole objects first: 33M rows instead
 *    of 0.26M on 100k simulated posts).
 * 4. Per pair: co-actions X_ab, weight Σ w(c) over the crowd c of the more crowded action, read from a
 *    `<weights>(c, w)` table that the caller fills from engine/crowd-weights.ts once `active` (A) is
 *    known — multiples of 2⁻³², so the sum is exact in any order and no engine's own `ln` is relied
 *    on (`crowdWeightsInsert`) —, distinct objects, first/last time (of the earlier
 *    action), and Σ_o n_{a,o} n_{b,o}; pairs with X_ab ≥ minPairCoActions are returned. Per account:
 *    n_a (eligible actions) and D_a (co-actions it takes part in = Σ over its eligible actions of the
 *    eligible actions of other accounts within ± w, a window count).
 *
 * Boundaries: inclusive at exactly w everywhere, as in the engine. The engine's crowd sweep compares
 * t ≥ t_i − w and t ≤ t_i + w, as the RANGE frames do; its collapse and pair sweeps compare
 * t_j − t_i ≤ w where the frames compare t_j ≤ t_i + w. The two agree whenever t_i + w is exact in
 * binary64 (integer times and windows, as in the shared data sets); with fractional times they can
 * differ only when t_j lies within half an ulp of t_i + w (1.2e-7 s at 2024 Unix times).
 *
 * Standard SQL (window functions, RANGE frames with an offset, WITH RECURSIVE, CREATE TABLE AS) apart
 * from `least`/`greatest`, as in parity-sql.ts. Engines without recursive CTEs can replace `steps`
 * with their sequence function (`generate_series`, `sequence` + UNNEST/explode).
 *
 * Cost: sorts by (object, account, ts) and (object, ts) for the frames, O(n log n); the collapse
 * recursion runs one round per kept action of the longest burst, each round a hash join of the live
 * chains with the rows inside bursts (usually a small fraction); the co-action join is
 * O(Σ ahead) ≤ O(eligible · maxCrowd) rows, like the engine's bounded sweep; the pair group-by is
 * O(co-actions). Memory: the kept table (one row per kept action), the co-action rows of one object
 * partition at a time on a distributed engine (a shuffle on object_id), the per-(pair, object) groups.
 */

export interface LockstepSqlOptions {
  window: number;
  /** Actions with more other kept actions on the object within ± window are left out. */
  maxCrowd: number;
  /** Pairs with fewer co-actions count in degrees and totals but are not returned (default 1). */
  minPairCoActions?: number;
  /** The co-action weights table `(c, w)`, filled by the caller before `pairs` (default `<kept>_weights`). */
  weights?: string;
}

/** The statements, run in this order: `kept` first (it creates the table the others read). */
export interface LockstepSql {
  /**
   * `CREATE TABLE <kept> AS …`: every action kept after collapsing repeats, with its crowd:
   * `(rid, object_id, account_id, ts, crowd, epos, reach, near)`. Eligible actions are those with
   * crowd ≤ maxCrowd; `epos`, `reach`, `near` are their per-object position and window counts among
   * eligible actions (NULL for crowded actions).
   */
  kept: string;
  /** One row, `(active)`: A, the accounts with an eligible action (for `crowdWeights(A, maxCrowd)`). */
  active: string;
  /**
   * Pairs with ≥ minPairCoActions co-actions, a < b:
   * `(a, b, co_actions, weight, objects, first_ts, last_ts, shared_interest)`.
   */
  pairs: string;
  /** Per active account: `(account_id, n, degree)` — n_a eligible actions, D_a co-actions. */
  accounts: string;
  /**
   * One row: `(actions, collapsed, crowded, eligible, active, co_actions, t_min, t_max)`; t_min/t_max
   * span the eligible actions (the engine's uniform rate is 2w / (t_max − t_min) when that span > 2w).
   */
  totals: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A binary64 literal that every engine reads back as the same double (an approximate numeric). */
function double(x: number): string {
  return x.toExponential().replace('e+', 'E').replace('e-', 'E-');
}

/**
 * The statements for one behaviour's actions in table `actions`; `kept` names the table the first
 * statement creates.
 *
 * @example
 * const q = lockstepSql('actions', 'kept', { window: 60, maxCrowd: 200, minPairCoActions: 2 });
 * await conn.run(q.kept);
 * const pairs = await conn.runAndReadAll(q.pairs);
 */
export function lockstepSql(actions: string, kept: string, options: LockstepSqlOptions): LockstepSql {
  const weights = options.weights ?? `${kept}_weights`;
  for (const t of [actions, kept, weights]) if (!NAME.test(t)) throw new RangeError(`bad table name ${t}`);
  const { window: w, maxCrowd } = options;
  const minPair = options.minPairCoActions ?? 1;
  if (!Number.isFinite(w) || w < 0) throw new RangeError(`bad window ${w}`);
  if (!Number.isInteger(maxCrowd) || maxCrowd < 0) throw new RangeError(`bad maxCrowd ${maxCrowd}`);
  if (!Number.isInteger(minPair) || minPair < 1) throw new RangeError(`bad minPairCoActions ${minPair}`);
  const W = double(w);
  const byAccount = 'PARTITION BY object_id, account_id';
  // Partitioning on eligibility as well as the object makes the frames count eligible actions only
  // (for eligible rows; crowded rows get NULLs): positions `epos`, `reach` (the last eligible position
  // within w ahead) and `near` (eligible actions of other accounts within ± w; an account's own kept
  // actions on an object are > w apart).
  const byEligibility = `PARTITION BY object_id, crowd <= ${maxCrowd}`;
  const keptSql = `
CREATE TABLE ${kept} AS
WITH RECURSIVE
  placed AS (
    SELECT rid, object_id, account_id, ts,
      row_number() OVER (${byAccount} ORDER BY ts, rid) AS pos,
      count(*) OVER (${byAccount} ORDER BY ts RANGE BETWEEN UNBOUNDED PRECEDING AND ${W} FOLLOWING)
        AS reach
    FROM ${actions}),
  runs AS (
    SELECT *, coalesce(lag(reach) OVER (${byAccount} ORDER BY pos), 0) < pos AS starts_run
    FROM placed),
  inside AS (SELECT object_id, account_id, pos, reach FROM runs WHERE NOT starts_run),
  chain (object_id, account_id, pos, reach) AS (
    SELECT object_id, account_id, pos, reach FROM runs WHERE starts_run
    UNION ALL
    SELECT i.object_id, i.account_id, i.pos, i.reach
    FROM chain c JOIN inside i
      ON i.object_id = c.object_id AND i.account_id = c.account_id AND i.pos = c.reach + 1),
  survivors AS (
    SELECT r.rid, r.object_id, r.account_id, r.ts
    FROM runs r JOIN chain c
      ON r.object_id = c.object_id AND r.account_id = c.account_id AND r.pos = c.pos),
  crowded AS (
    SELECT rid, object_id, account_id, ts,
      count(*) OVER (PARTITION BY object_id ORDER BY ts RANGE BETWEEN ${W} PRECEDING AND ${W} FOLLOWING) - 1
        AS crowd
    FROM survivors)
SELECT rid, object_id, account_id, ts, crowd,
  CASE WHEN crowd <= ${maxCrowd} THEN row_number() OVER (${byEligibility} ORDER BY ts, rid) END AS epos,
  CASE WHEN crowd <= ${maxCrowd} THEN count(*) OVER (${byEligibility} ORDER BY ts
    RANGE BETWEEN UNBOUNDED PRECEDING AND ${W} FOLLOWING) END AS reach,
  CASE WHEN crowd <= ${maxCrowd} THEN count(*) OVER (${byEligibility} ORDER BY ts
    RANGE BETWEEN ${W} PRECEDING AND ${W} FOLLOWING) - 1 END AS near
FROM crowded`;

  // The three statements below read the eligible rows; their positions and counts were computed
  // once, in the kept table, rather than by three copies of the same window functions.
  const eligible = `
  eligible AS (SELECT * FROM ${kept} WHERE crowd <= ${maxCrowd})`;

  const pairsSql = `
WITH RECURSIVE
  ${eligible.trim()},
  steps (k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM steps WHERE k < ${maxCrowd}),
  partners AS (
    SELECT l.object_id, l.account_id, l.ts, l.crowd, l.epos + s.k AS partner
    FROM eligible l JOIN steps s ON s.k <= l.reach - l.epos),
  co AS (
    SELECT l.object_id, l.account_id AS a1, r.account_id AS a2, l.ts,
      CASE WHEN l.crowd > r.crowd THEN l.crowd ELSE r.crowd END AS c
    FROM partners l JOIN eligible r ON r.object_id = l.object_id AND r.epos = l.partner
    WHERE l.account_id <> r.account_id),
  weighted AS (SELECT co.*, cw.w FROM co JOIN ${weights} cw ON cw.c = co.c),
  per_object AS (
    SELECT least(a1, a2) AS a, greatest(a1, a2) AS b, object_id,
      count(*) AS n, sum(w) AS w, min(ts) AS first_ts, max(ts) AS last_ts
    FROM weighted GROUP BY 1, 2, 3),
  on_object AS (SELECT object_id, account_id, count(*) AS n FROM eligible GROUP BY 1, 2)
SELECT p.a, p.b, sum(p.n) AS co_actions, sum(p.w) AS weight, count(*) AS objects,
  min(p.first_ts) AS first_ts, max(p.last_ts) AS last_ts, sum(na.n * nb.n) AS shared_interest
FROM per_object p
  JOIN on_object na ON na.object_id = p.object_id AND na.account_id = p.a
  JOIN on_object nb ON nb.object_id = p.object_id AND nb.account_id = p.b
GROUP BY p.a, p.b
HAVING sum(p.n) >= ${minPair}`;

  const accountsSql = `
WITH
  ${eligible.trim()}
SELECT account_id, count(*) AS n, sum(near) AS degree FROM eligible GROUP BY account_id`;

  const totalsSql = `
WITH
  ${eligible.trim()}
SELECT
  (SELECT count(*) FROM ${actions}) AS actions,
  (SELECT count(*) FROM ${actions}) - (SELECT count(*) FROM ${kept}) AS collapsed,
  (SELECT count(*) FROM ${kept} WHERE crowd > ${maxCrowd}) AS crowded,
  count(*) AS eligible,
  count(DISTINCT account_id) AS active,
  coalesce(sum(near), 0) / 2 AS co_actions,
  min(ts) AS t_min,
  max(ts) AS t_max
FROM eligible`;

  const activeSql = `SELECT count(DISTINCT account_id) AS active FROM ${kept} WHERE crowd <= ${maxCrowd}`;
  return { kept: keptSql, active: activeSql, pairs: pairsSql, accounts: accountsSql, totals: totalsSql };
}

/**
 * `INSERT INTO <table> (c, w) VALUES …`: the co-action weights (engine/crowd-weights.ts) as rows, each
 * written so that every engine reads back the same double. The table is `(c INTEGER, w DOUBLE)`; how to
 * create it is the engine's (a plain CREATE TABLE, or with ClickHouse's ENGINE clause).
 */
export function crowdWeightsInsert(table: string, weights: Float64Array): string {
  if (!NAME.test(table)) throw new RangeError(`bad table name ${table}`);
  const rows = Array.from(weights, (w, c) => `(${c}, ${double(w)})`);
  return `INSERT INTO ${table} (c, w) VALUES ${rows.join(', ')}`;
}
