/**
 * The heavy pair-counting stage as plain SQL, so it can run on an existing engine: DuckDB locally, a
 * distributed SQL engine (Spark SQL, Trino, BigQuery …) at scale (docs/SCALING.md). `coortweetEdgesSql`
 * states CooRTweet's detect_groups + edge weights (engine/coortweet.ts has the rules and sources) over
 * a table `<rows>(object_id VARCHAR, account_id VARCHAR, content_id VARCHAR NULL, ts DOUBLE)` and
 * returns `(a, b, weight)` with a < b. Standard SQL apart from `least`/`greatest`; the window join is
 * an equi-join on the object plus a band on time, which DuckDB runs as an IEJoin and distributed
 * engines as a shuffle on object_id.
 *
 * Cost: like the typed-array engine, proportional to the within-window row pairs per object.
 */
export function coortweetEdgesSql(rows: string, window: number, minParticipation: number): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(rows)) throw new RangeError(`bad table name ${rows}`);
  const w = window;
  const m = Math.trunc(minParticipation);
  if (!Number.isFinite(w) || w < 0 || !Number.isFinite(m)) throw new RangeError('bad parameters');
  const refine =
    m >= 1
      ? `ids AS (SELECT c1 AS c FROM pairs UNION SELECT c2 FROM pairs),
  counted AS (
    SELECT account_id FROM xp WHERE content_id IN (SELECT c FROM ids)
    GROUP BY account_id HAVING count(*) >= ${m}),
  kept AS (
    SELECT DISTINCT content_id AS c FROM xp
    WHERE content_id IN (SELECT c FROM ids) AND account_id IN (SELECT account_id FROM counted)),
  surviving AS (
    SELECT * FROM pairs WHERE c1 IN (SELECT c FROM kept) OR c2 IN (SELECT c FROM kept))`
      : `surviving AS (SELECT * FROM pairs)`;
  return `
WITH
  x AS (SELECT DISTINCT object_id, account_id, content_id, ts FROM ${rows}),
  xp AS (
    SELECT * FROM x WHERE account_id IN (
      SELECT account_id FROM x GROUP BY account_id HAVING count(*) >= ${m})),
  numbered AS (SELECT *, row_number() OVER () AS rid FROM xp),
  pairs AS (
    SELECT l.object_id, l.account_id AS a1, r.account_id AS a2, l.content_id AS c1, r.content_id AS c2
    FROM numbered l JOIN numbered r
      ON l.object_id = r.object_id AND l.rid < r.rid
     AND r.ts BETWEEN l.ts - ${w} AND l.ts + ${w}
    WHERE l.content_id IS NOT NULL AND r.content_id IS NOT NULL
      AND l.content_id <> r.content_id
      AND l.object_id <> l.content_id AND l.object_id <> r.content_id
      AND l.account_id <> r.account_id),
  ${refine}
SELECT least(a1, a2) AS a, greatest(a1, a2) AS b, count(*) AS weight
FROM surviving GROUP BY 1, 2`;
}
