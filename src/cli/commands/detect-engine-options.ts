/**
 * `detect`'s engine options (`--clickhouse*`, `--duckdb-*`): each group only with its `--engine`, checked
 * before any input is read, so a misplaced option is a usage error and not a silently ignored one.
 */
import { LockstepError } from '../../core/errors.js';
import type { DetectOptions } from '../../detect/index.js';
import { parseClickHouseUrls } from '../../detect/sql/clickhouse-urls.js';
import { intArg } from '../args.js';
import type { DetectFlags } from './detect.js';

/** `--clickhouse*`: only with `--engine clickhouse`, which needs `--clickhouse`. */
export function clickhouseOptions(
  o: Omit<DetectFlags, 'out' | 'format' | 'map'>,
): DetectOptions['clickhouse'] {
  const given = o.clickhouse ?? o.clickhouseCluster;
  if (given === undefined) return undefined;
  if (o.engine !== 'clickhouse')
    throw new LockstepError(
      'ERR_USAGE',
      `${o.clickhouse === undefined ? '--clickhouse-cluster' : '--clickhouse'} needs --engine clickhouse`,
      { option: '--clickhouse' },
    );
  if (o.clickhouse === undefined)
    throw new LockstepError('ERR_USAGE', '--engine clickhouse needs --clickhouse URL[,URL…]', {
      option: '--clickhouse',
    });
  return { urls: parseClickHouseUrls(o.clickhouse), cluster: o.clickhouseCluster };
}

/** `--duckdb-*`: only with `--engine duckdb`, where they mean something. */
export function duckdbOptions(o: Omit<DetectFlags, 'out' | 'format' | 'map'>): DetectOptions['duckdb'] {
  const given = (
    [
      ['--duckdb-memory', o.duckdbMemory],
      ['--duckdb-temp', o.duckdbTemp],
      ['--duckdb-threads', o.duckdbThreads],
      ['--duckdb-db', o.duckdbDb],
      ['--duckdb-slices', o.duckdbSlices],
      ['--duckdb-read', o.duckdbRead],
    ] as const
  ).filter(([, v]) => v !== undefined);
  if (given.length === 0) return undefined;
  if (o.engine !== 'duckdb')
    throw new LockstepError('ERR_USAGE', `${given[0]![0]} needs --engine duckdb`, { option: given[0]![0] });
  return {
    memoryLimit: o.duckdbMemory,
    tempDirectory: o.duckdbTemp,
    database: o.duckdbDb,
    threads: o.duckdbThreads === undefined ? undefined : intArg(o.duckdbThreads, '--duckdb-threads', 1, 1024),
    pairSlices: o.duckdbSlices === undefined ? undefined : intArg(o.duckdbSlices, '--duckdb-slices', 1, 4096),
  };
}
