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
 * 1. Collapse (`runKept`): per (object, account), in (ts, rid) order, an action is dropped when it is
 *    within the window (inclusive) of the account's latest *kept* action there. That is a greedy chain
 *    (0, 60, 120 with w = 100 keeps 0 and 120), not a gap rule: `reach` (a RANGE frame count) is the
 *    last position a kept action absorbs, the next kept action is at `reach + 1`. An action more than
 *    w after its predecessor starts a run and is always kept; inside a run the chain is followed from
 *    its start by pointer doubling — hop tables of 2^k steps, each the previous joined with itself,
 *    then the marks 2^k steps on from the marks so far, highest level first — so the number of
 *    statements grows with log₂ of the longest chain, not with its length.
 * 2. Crowd: kept actions on the object within ± w (RANGE frame), minus the action itself.
 * 3. Co-actions: eligible actions (crowd ≤ maxCrowd) numbered per object in (ts, rid) order; action i
 *    pairs with the `ahead` actions after it that are within w, i.e. positions i + 1 … i + ahead. Those
 *    partner positions come from a table `steps(ahead, k)`, 1 ≤ k ≤ ahead ≤ maxCrowd (ahead ≤ crowd),
 *    joined on equality of `ahead`, then an equi-join on (object_id, position) finds the partners, so
 *    no engine forms all pairs of an object (written as one three-way join, DuckDB paired whole
 *    objects first: 33M rows instead of 0.26M on 100k simulated posts).
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
 * Standard SQL (window functions, RANGE frames with an offset, CREATE TABLE AS, INSERT … SELECT,
 * VALUES) apart from `least`/`greatest`, as in parity-sql.ts, and no recursive CTE: the numbers
 * 1 … maxCrowd are a cross join of digits, and the collapse is a loop of statements.
 *
 * Cost: sorts by (object, account, ts) and (object, ts) for the frames, O(n log n); the collapse
 * hash-joins the r actions inside runs with themselves ⌈log₂ L⌉ + 1 times for the longest chain of L
 * kept actions, O(r log L) (the recursive CTE it replaced rescanned every action once per kept action
 * of the longest chain, O(n L)); the co-action join is O(Σ ahead) ≤ O(eligible · maxCrowd) rows, like
 * the engine's bounded sweep; the per-(pair, object) and per-pair group-bys are O(co-actions).
 * Memory: the kept table (one row per kept action), the co-action rows of one object partition at a
 * time on a distributed engine (a shuffle on object_id), the per-(pair, object) groups (pair-slices.ts
 * runs `pairs` in K slices by account when they would not fit).
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

/**
 * The greedy collapse as statements (step 1 of the header), run by `runKept`: `runs`, then `hop(0)`,
 * `hop(1)` … until a level is empty, then `marks` and `mark(k)` from the highest non-empty level down
 * to 0. Intermediate tables are TEMP tables named after `<kept>`; `tables(levels)` lists them for
 * dropping.
 */
export interface CollapseSql {
  /** `<kept>_runs`: every action with `pos`, `reach` and `starts_run` per (object, account). */
  runs: string;
  /** `<kept>_hop<k>(object_id, account_id, p, q)`: q is 2^k chain steps after p, inside p's run. */
  hop(k: number): string;
  hopTable(k: number): string;
  /** `<kept>_marks(object_id, account_id, pos)`: the starts of runs that have a chain step. */
  marks: string;
  /** Adds to `<kept>_marks` the positions 2^k steps after each mark. */
  mark(k: number): string;
  tables(levels: number): string[];
}

/** The statements, run in this order: `runKept` first (it creates the table the others read). */
export interface LockstepSql {
  collapse: CollapseSql;
  /**
   * `CREATE TABLE <kept> AS …` (after the collapse statements; `runKept` runs them all): every
   * action kept after collapsing repeats, with its crowd:
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
 * `nums(k)`, k = 1 … max(1, n), as a cross join of digit tables: no recursive CTE (Spark SQL and Trino
 * have none), and engines see a VALUES list of known size, so DuckDB estimates `steps` and the partner
 * rows from it and builds its hash table on the eligible actions, not on the larger partner rows (a
 * recursive numbers CTE is estimated at one row).
 */
export function numbers(n: number): string {
  const places = Math.max(1, String(n).length);
  const from = Array.from({ length: places }, (_, i) => `digits d${i}`).join(', ');
  const k = Array.from({ length: places }, (_, i) => `d${i}.d * ${10 ** i}`).join(' + ');
  return `digits (d) AS (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)),
  nums (k) AS (SELECT ${k} + 1 FROM ${from} WHERE ${k} < ${Math.max(1, n)})`;
}

/**
 * The tail of a pairs statement: from a CTE `co(object_id, a, b, ts, w, shared)`, one row per
 * co-action (a < b, ts of the earlier action, w its weight, shared = n_{a,o} · n_{b,o}), the per-(pair,
 * object) groups, then the pairs with ≥ minPair co-actions.
 */
export function pairTotals(minPair: number): string {
  return `per_object AS (
    SELECT a, b, object_id, count(*) AS n, sum(w) AS w, min(ts) AS first_ts, max(ts) AS last_ts,
      min(shared) AS shared
    FROM co GROUP BY a, b, object_id)
SELECT a, b, sum(n) AS co_actions, sum(w) AS weight, count(*) AS objects, min(first_ts) AS first_ts,
  max(last_ts) AS last_ts, sum(shared) AS shared_interest
FROM per_object
GROUP BY a, b
HAVING sum(n) >= ${minPair}`;
}

/**
 * The statements for one behaviour's actions in table `actions`; `kept` names the table `runKept`
 * creates (and prefixes its intermediate tables).
 *
 * @example
 * const q = lockstepSql('actions', 'kept', { window: 60, maxCrowd: 200, minPairCoActions: 2 });
 * await runKept(sqlRunner(conn), q);
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
  const runs = `${kept}_runs`;
  const marks = `${kept}_marks`;
  const hops = (k: number): string => {
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`bad hop level ${k}`);
    return `${kept}_hop${k}`;
  };
  const same = (x: string, y: string): string =>
    `${y}.object_id = ${x}.object_id AND ${y}.account_id = ${x}.account_id`;
  // Per (object, account) in (ts, rid) order: `pos`, `reach` (a RANGE frame count: the last position
  // within w ahead, inclusive) and `starts_run`, true where the previous action is more than w before
  // (the frame's own test, ts > t + w: then no kept action can absorb this one). One sort: the lag
  // shares the row number's order.
  const collapse: CollapseSql = {
    runs: `
CREATE TEMP TABLE ${runs} AS
SELECT rid, object_id, account_id, ts,
  row_number() OVER (${byAccount} ORDER BY ts, rid) AS pos,
  count(*) OVER (${byAccount} ORDER BY ts RANGE BETWEEN UNBOUNDED PRECEDING AND ${W} FOLLOWING) AS reach,
  coalesce(ts > lag(ts) OVER (${byAccount} ORDER BY ts, rid) + ${W}, true) AS starts_run
FROM ${actions}`,
    hop: (k) =>
      k === 0
        ? `
CREATE TEMP TABLE ${hops(0)} AS
SELECT r.object_id, r.account_id, r.pos AS p, i.pos AS q
FROM ${runs} r JOIN ${runs} i ON ${same('r', 'i')} AND i.pos = r.reach + 1
WHERE NOT i.starts_run`
        : `
CREATE TEMP TABLE ${hops(k)} AS
SELECT a.object_id, a.account_id, a.p, b.q
FROM ${hops(k - 1)} a JOIN ${hops(k - 1)} b ON ${same('a', 'b')} AND b.p = a.q`,
    hopTable: hops,
    marks: `
CREATE TEMP TABLE ${marks} AS
SELECT h.object_id, h.account_id, h.p AS pos
FROM ${hops(0)} h JOIN ${runs} r ON ${same('h', 'r')} AND r.pos = h.p
WHERE r.starts_run`,
    mark: (k) => `
INSERT INTO ${marks} (object_id, account_id, pos)
SELECT h.object_id, h.account_id, h.q
FROM ${marks} m JOIN ${hops(k)} h ON ${same('m', 'h')} AND h.p = m.pos`,
    tables: (levels) => [runs, marks, ...Array.from({ length: levels }, (_, k) => hops(k))],
  };
  const keptSql = `
CREATE TABLE ${kept} AS
WITH
  survivors AS (
    SELECT r.rid, r.object_id, r.account_id, r.ts
    FROM ${runs} r LEFT JOIN ${marks} m ON ${same('r', 'm')} AND m.pos = r.pos
    WHERE r.starts_run OR m.pos IS NOT NULL),
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

  // The partner expansion is an equi-join twice over: `steps` lists (ahead, k) for 1 ≤ k ≤ ahead ≤
  // maxCrowd, so an action with `ahead` partners joins its `ahead` rows by equality (a band
  // `k <= reach - epos` was a comparison join of every action with all maxCrowd steps), then
  // (object_id, epos + k) finds each partner. An action's own weight w(crowd) and n_{a,o} (its
  // account's eligible actions on the object) are joined once per action, not once per co-action:
  // the co-action's weight is that of the more crowded action (w(max(c, c')) by CASE, the same table
  // value), and n_{a,o} · n_{b,o} rides along to the per-(pair, object) group instead of two joins
  // of that group with a per-(object, account) count.
  const pairsSql = `
WITH
  ${eligible.trim()},
  ${numbers(maxCrowd)},
  steps AS (SELECT a.k AS ahead, s.k FROM nums a JOIN nums s ON s.k <= a.k),
  on_object AS (SELECT object_id, account_id, count(*) AS n FROM eligible GROUP BY object_id, account_id),
  acts AS (
    SELECT e.object_id, e.account_id, e.ts, e.crowd, e.epos, e.reach - e.epos AS ahead, o.n, cw.w
    FROM eligible e
      JOIN on_object o ON o.object_id = e.object_id AND o.account_id = e.account_id
      JOIN ${weights} cw ON cw.c = e.crowd),
  partners AS (
    SELECT l.object_id, l.account_id, l.ts, l.crowd, l.n, l.w, l.epos + s.k AS partner
    FROM acts l JOIN steps s ON s.ahead = l.ahead),
  co AS (
    SELECT l.object_id, least(l.account_id, r.account_id) AS a, greatest(l.account_id, r.account_id) AS b,
      l.ts, CASE WHEN l.crowd >= r.crowd THEN l.w ELSE r.w END AS w, l.n * r.n AS shared
    FROM partners l JOIN acts r ON r.object_id = l.object_id AND r.epos = l.partner
    WHERE l.account_id <> r.account_id),
  ${pairTotals(minPair)}`;

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
  return {
    collapse,
    kept: keptSql,
    active: activeSql,
    pairs: pairsSql,
    accounts: accountsSql,
    totals: totalsSql,
  };
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

/** What `runKept` needs of a database connection. */
export interface SqlRunner {
  run(sql: string): Promise<unknown>;
  /** A query whose one row's first column is a count. */
  count(sql: string): Promise<number>;
}

/**
 * Runs the collapse statements and `kept`: ⌈log₂ L⌉ + 1 hop levels for the longest chain of L kept
 * actions in one run, then as many marking steps, then drops the intermediate tables. The greedy
 * chain is list ranking, done by pointer doubling (Wyllie 1979, "The complexity of parallel
 * computations"; JáJá 1992, §3.1): level k + 1 joins level k with itself, so the work is
 * O(r log L) rows for the r actions inside runs, where a recursive CTE walking one step per round
 * rescans its input L times (on simulations, co-domain at w = 1800 s has chains of hundreds).
 * Returns the number of non-empty hop levels (the longest chain has < 2^levels steps).
 */
export async function runKept(db: SqlRunner, q: LockstepSql): Promise<number> {
  const c = q.collapse;
  const drop = async (levels: number): Promise<void> => {
    for (const t of c.tables(levels)) await db.run(`DROP TABLE IF EXISTS ${t}`);
  };
  await drop(1);
  await db.run(c.runs);
  await db.run(c.hop(0));
  let levels = 1;
  while ((await db.count(`SELECT count(*) FROM ${c.hopTable(levels - 1)}`)) > 0) {
    await db.run(`DROP TABLE IF EXISTS ${c.hopTable(levels)}`);
    await db.run(c.hop(levels++));
  }
  // hop<levels - 1> is empty: every chain has fewer than 2^(levels - 1) steps.
  await db.run(c.marks);
  for (let k = levels - 2; k >= 0; k--) await db.run(c.mark(k));
  await db.run(q.kept);
  await drop(levels);
  return levels - 1;
}
