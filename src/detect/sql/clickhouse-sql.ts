/**
 * Lockstep mode's counting stage in ClickHouse's dialect, down to 18.16 (Debian bookworm's
 * `clickhouse-server`): the semantics of sql/lockstep-sql.ts and engine/lockstep.ts, rewritten for an
 * engine with no window functions, no recursive CTEs and equi-joins only (docs/SCALING.md has the
 * construct-by-construct table).
 *
 * - Collapse runs in the loader (engine/collapse.ts): the greedy chain has no set-based form in 18.x.
 * - Crowd, D_a and co-actions are **bucket band joins**: Node gives every kept action an integer
 *   `bucket = floor(ts / B)` with B ≥ w (sql/clickhouse-buckets.ts), so two actions within w of each
 *   other lie in the same or adjacent buckets. The right side is replicated into buckets b − 1, b, b + 1
 *   (`arrayJoin`), the join is an equi-join on (object_id, bucket), and the exact time test is a WHERE
 *   written with the engine's own comparisons (crowd: t ≥ tᵢ − w and t ≤ tᵢ + w; pairs and D_a:
 *   later − earlier ≤ w), so boundaries match it bit for bit.
 * - Every per-shard statement is a VIEW over that shard's local tables, and the coordinator reads it
 *   through a Distributed table over the view: each shard joins only its own objects (the shard key
 *   is the object, so every co-action is shard-local) and aggregates partially; only per-rid crowds,
 *   per-account and per-pair partial sums cross the network.
 * - Times travel as their IEEE-754 bits (`ts_bits UInt64`, decimal text is exact) and come back as
 *   hex, because 18.x's float text parser is not correctly rounded; weights are integers in units of
 *   2⁻³² (engine/crowd-weights.ts), so their sums are exact integers in any order.
 *
 * Cost per shard, for its n actions: the band join reads 3n right rows into a hash table (18.x joins
 * in memory: a shard must hold 3 × 24 B per action of its share) and emits the within-bucket
 * candidates, O(n · actions per 3 buckets of the object); group-bys are hash aggregations.
 */

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A double as a ClickHouse constant with the exact bits (its decimal parser is not exact). */
export function float64Literal(x: number): string {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(x);
  return `reinterpretAsFloat64(unhex('${b.toString('hex')}'))`;
}

/** The hex that `hex(reinterpretAsString(x))` gives for a Float64 (trailing zero bytes dropped) → x. */
export function float64FromHex(hex: string): number {
  return Buffer.from(hex.padEnd(16, '0'), 'hex').readDoubleLE(0);
}

export interface ClickHouseTables {
  /** Kept actions: `(rid, object_id, account_id, ts_bits, bucket)`. */
  actions: string;
  /** Eligible actions with their crowd: `(rid, object_id, account_id, ts_bits, bucket, crowd)`. */
  eligible: string;
  /** Co-action weights `(c, w)`, w in units of 2⁻³². */
  weights: string;
  crowd: string;
  accounts: string;
  pairs: string;
}

/** Table names for one run: `<prefix>_actions`, … (local tables; `_d` is the Distributed one). */
export function clickHouseTables(prefix: string): ClickHouseTables {
  if (!NAME.test(prefix)) throw new RangeError(`bad table prefix ${prefix}`);
  return {
    actions: `${prefix}_actions`,
    eligible: `${prefix}_eligible`,
    weights: `${prefix}_weights`,
    crowd: `${prefix}_crowd`,
    accounts: `${prefix}_accounts`,
    pairs: `${prefix}_pairs`,
  };
}

const ACTION_COLUMNS = 'rid UInt32, object_id UInt32, account_id UInt32, ts_bits UInt64, bucket Int64';
const TS = 'reinterpretAsFloat64(reinterpretAsString(ts_bits))';

/** Each shard's stored tables (MergeTree: on disk, sorted by the join key). */
export function localTableDdl(t: ClickHouseTables): string[] {
  const tree = 'ENGINE = MergeTree() ORDER BY (object_id, bucket)';
  return [
    `CREATE TABLE ${t.actions} (${ACTION_COLUMNS}) ${tree}`,
    `CREATE TABLE ${t.eligible} (${ACTION_COLUMNS}, crowd UInt32) ${tree}`,
    `CREATE TABLE ${t.weights} (c UInt32, w UInt64) ENGINE = Memory`,
  ];
}

/** The shared columns each view exposes, for the Distributed table declared over it. */
export const VIEW_COLUMNS = {
  crowd: 'rid UInt32, crowd UInt64',
  accounts: 'account_id UInt32, n UInt64, degree UInt64',
  pairs:
    'a UInt32, b UInt32, object_id UInt32, n UInt64, w UInt64, first_ts Float64, last_ts Float64, shared UInt64',
} as const;

/** `right` columns renamed so they can sit beside the left side's after a USING join. */
function replicated(table: string, extra: string): string {
  return `SELECT object_id, arrayJoin([bucket - 1, bucket, bucket + 1]) AS bucket, rid AS r_rid,
      account_id AS r_account, ${TS} AS r_ts${extra} FROM ${table}`;
}

/**
 * Each shard's views for one behaviour: crowd per kept action, n_a and D_a per account, and the
 * per-(pair, object) co-action groups, with the window and maxCrowd baked in.
 */
export function localViewDdl(t: ClickHouseTables, window: number): string[] {
  const W = float64Literal(window);
  const crowd = `CREATE VIEW ${t.crowd} AS
SELECT rid, toUInt64(count() - 1) AS crowd
FROM (SELECT rid, object_id, bucket, ${TS} AS l_ts FROM ${t.actions})
ALL INNER JOIN (${replicated(t.actions, '')}) USING (object_id, bucket)
WHERE r_ts >= l_ts - ${W} AND r_ts <= l_ts + ${W}
GROUP BY rid`;
  // Each eligible action meets itself once (n_a) and every eligible action of another account whose
  // time is within w (D_a); |Δ| is exactly "later − earlier", the engine's pair-sweep test.
  const accounts = `CREATE VIEW ${t.accounts} AS
SELECT account_id, sum(r_rid = rid) AS n, sum(r_rid != rid) AS degree
FROM (SELECT rid, object_id, bucket, account_id, ${TS} AS l_ts FROM ${t.eligible})
ALL INNER JOIN (${replicated(t.eligible, '')}) USING (object_id, bucket)
WHERE r_rid = rid OR (r_account != account_id AND abs(r_ts - l_ts) <= ${W})
GROUP BY account_id`;
  // A co-action is an ordered pair of eligible actions (l before r in (ts, rid) order) of two accounts
  // within w; its weight is that of the larger crowd; first/last time are the earlier action's.
  const coActions = `
SELECT object_id, least(account_id, r_account) AS a, greatest(account_id, r_account) AS b, l_ts,
  greatest(crowd, r_crowd) AS c
FROM (SELECT rid, object_id, bucket, account_id, crowd, ${TS} AS l_ts FROM ${t.eligible})
ALL INNER JOIN (${replicated(t.eligible, ', crowd AS r_crowd')}) USING (object_id, bucket)
WHERE r_account != account_id AND (r_ts > l_ts OR (r_ts = l_ts AND r_rid > rid)) AND r_ts - l_ts <= ${W}`;
  const perObject = `
SELECT a, b, object_id, count() AS n, sum(w) AS w, min(l_ts) AS first_ts, max(l_ts) AS last_ts
FROM (${coActions}) ALL INNER JOIN (SELECT c, w FROM ${t.weights}) USING (c)
GROUP BY a, b, object_id`;
  const onObject = `SELECT object_id, account_id, count() AS k FROM ${t.eligible} GROUP BY object_id, account_id`;
  const withA = `
SELECT a, b, object_id, n, w, first_ts, last_ts, k AS na
FROM (${perObject}) ALL INNER JOIN (SELECT object_id, account_id AS a, k FROM (${onObject})) USING (object_id, a)`;
  const pairs = `CREATE VIEW ${t.pairs} AS
SELECT a, b, object_id, n, w, first_ts, last_ts, na * k AS shared
FROM (${withA}) ALL INNER JOIN (SELECT object_id, account_id AS b, k FROM (${onObject})) USING (object_id, b)`;
  return [crowd, accounts, pairs];
}

/** On the coordinator: Distributed tables over each shard's tables and views (suffix `_d`). */
export function distributedDdl(t: ClickHouseTables, cluster: string, database: string): string[] {
  if (!NAME.test(cluster) || !NAME.test(database)) throw new RangeError(`bad cluster ${cluster}`);
  const over = (name: string, columns: string, key = ''): string =>
    `CREATE TABLE ${name}_d (${columns}) ENGINE = Distributed(${cluster}, ${database}, ${name}${key})`;
  // The shard key is the object, so all of an object's actions, and so all its co-actions, are on one
  // shard (ClickHouse's documented way to keep joins local).
  const byObject = ', cityHash64(object_id)';
  return [
    over(t.actions, ACTION_COLUMNS, byObject),
    over(t.eligible, `${ACTION_COLUMNS}, crowd UInt32`, byObject),
    over(t.crowd, VIEW_COLUMNS.crowd),
    over(t.accounts, VIEW_COLUMNS.accounts),
    over(t.pairs, VIEW_COLUMNS.pairs),
  ];
}

/** Coordinator queries, TabSeparated. Pairs come back in (a, b) order with exact sums. */
export function coordinatorQueries(
  t: ClickHouseTables,
  minPairCoActions: number,
): { crowd: string; accounts: string; pairs: string } {
  const hex = (x: string): string => `hex(reinterpretAsString(${x}))`;
  return {
    crowd: `SELECT rid, crowd FROM ${t.crowd}_d`,
    accounts: `SELECT account_id, sum(n), sum(degree) FROM ${t.accounts}_d GROUP BY account_id`,
    pairs: `SELECT a, b, sum(n), sum(w), count(), ${hex('min(first_ts)')}, ${hex('max(last_ts)')}, sum(shared)
FROM ${t.pairs}_d GROUP BY a, b HAVING sum(n) >= ${minPairCoActions} ORDER BY a, b`,
  };
}
