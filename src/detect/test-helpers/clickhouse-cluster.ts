/**
 * Test helper: the ClickHouse cluster the --engine clickhouse tests run against —
 * LOCKSTEP_TEST_CLICKHOUSE (shard URLs, coordinator first), by default the two local shards of
 * scripts/clickhouse-cluster.sh — and whether to skip: only when nothing answers and this is not CI
 * (.ci/run starts the cluster, so there a missing one fails the tests instead of hiding them).
 */
import { parseClickHouseUrls } from '../sql/clickhouse-urls.js';

export const CLICKHOUSE_URLS: string[] = parseClickHouseUrls(
  process.env.LOCKSTEP_TEST_CLICKHOUSE ?? 'http://127.0.0.1:18123,http://127.0.0.1:18124',
);

async function reachable(): Promise<boolean> {
  try {
    const r = await fetch(new URL('/ping', CLICKHOUSE_URLS[0]), { signal: AbortSignal.timeout(2000) });
    return r.ok;
  } catch {
    return false;
  }
}

/** A skip reason, or false when the tests must run. */
export const noClickHouse: string | false =
  process.env.CI === 'true' || (await reachable())
    ? false
    : `SKIP no ClickHouse answers at ${CLICKHOUSE_URLS[0]!} (start one: scripts/clickhouse-cluster.sh start)`;
