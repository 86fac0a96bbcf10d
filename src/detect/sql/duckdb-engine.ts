/**
 * `--engine duckdb`: lockstep mode's counting stage — collapse, crowd, windowed co-actions, per-pair
 * and per-account totals — run by embedded DuckDB with the statements of lockstep-sql.ts, which
 * spill to disk (`temp_directory`, `memory_limit`) where the typed-array engine (engine/lockstep.ts)
 * must hold every co-action in memory. What comes back is what the later stages read of a
 * `BehaviourPass`: the kept pairs with their totals, n_a and D_a per account, the run totals, and one
 * bit per action (eligible or not: the time-local and object-timeline nulls and the evidence look at
 * the eligible actions of the accounts they judge). The chance model, Louvain and the evidence then
 * run unchanged, so results equal the in-memory engine's (tests: duckdb-engine.test.ts).
 *
 * Action rows go in as integers (interned object and account ids, the row index as `rid`), four
 * columns of 20 bytes a row before DuckDB's compression, appended a vector (2,048 rows) at a time.
 *
 * Cost: DuckDB's, as lockstep-sql.ts states (sorts O(n log n), the co-action join O(Σ min(crowd,
 * maxCrowd))), on `threads` threads within `memory_limit`; Node keeps the action table it already had
 * plus 17 bytes per action (time, order) and the returned pairs.
 *
 * `@duckdb/node-api` is an optional dependency (70 MB of native code): it is imported only when this
 * engine is asked for, and a missing or unloadable package is a clear error, not a crash at start-up.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as DuckDb from '@duckdb/node-api';
import { LockstepError } from '../../core/errors.js';
import type { ActionTable, PostColumns } from '../engine/actions.js';
import { uniformRate, type BehaviourPass, type LockstepOptions } from '../engine/lockstep.js';
import type { PairColumns } from '../engine/pair-table.js';
import { PairRows } from '../engine/pair-rows.js';
import { orderByObjectTime } from '../engine/sort.js';
import { fillCrowdWeights } from './duckdb-actions.js';
import { checkEngineVersion, importEngine } from './optional-engine.js';
import { lockstepSql } from './lockstep-sql.js';

export interface DuckDbEngineOptions {
  /** DuckDB's memory_limit, e.g. '4GB' (default: DuckDB's, 80 % of RAM). */
  memoryLimit?: string;
  /** Where DuckDB spills (default: a fresh folder under the OS temp dir, removed on close). */
  tempDirectory?: string;
  /** Worker threads (default: DuckDB's, one per core). */
  threads?: number;
  /** Stage messages ('loading co-retweet', …) for progress output. */
  onStage?: (message: string) => void;
}

/** The oldest DuckDB whose RANGE frames, recursive CTEs and appender this file was checked with. */
export const MIN_DUCKDB_VERSION: readonly [number, number] = [1, 1];
const PACKAGE = '@duckdb/node-api';
const VECTOR = 2048;
const MEMORY = /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

/** Imports DuckDB's Node API, or says clearly that it is missing (`specifier` is for tests). */
export function loadDuckDb(specifier: string = PACKAGE): Promise<typeof DuckDb> {
  return importEngine<typeof DuckDb>('duckdb', PACKAGE, specifier);
}

/** 'v1.5.2' → [1, 5]; refuses what it cannot read or what is older than MIN_DUCKDB_VERSION. */
export function checkDuckDbVersion(version: string): void {
  checkEngineVersion('duckdb', `DuckDB ${version}`, version, MIN_DUCKDB_VERSION);
}

/** Refuses a memory limit or thread count that DuckDB would misread (detect checks before reading). */
export function checkDuckDbOptions(o: DuckDbEngineOptions): void {
  if (o.memoryLimit !== undefined && !MEMORY.test(o.memoryLimit))
    throw new LockstepError(
      'ERR_USAGE',
      `DuckDB memory limit "${o.memoryLimit}" is not a size such as 512MB or 4GB`,
      { option: '--duckdb-memory', value: o.memoryLimit },
    );
  if (o.threads !== undefined && !(Number.isInteger(o.threads) && o.threads >= 1 && o.threads <= 1024))
    throw new LockstepError('ERR_USAGE', `DuckDB threads must be an integer 1–1024, got ${o.threads}`, {
      option: '--duckdb-threads',
      value: o.threads,
    });
}

/** One DuckDB database for a run: `pass()` per behaviour, then `close()`. */
export class DuckDbCounter {
  private constructor(
    private readonly api: typeof DuckDb,
    private readonly instance: DuckDb.DuckDBInstance,
    private readonly conn: DuckDb.DuckDBConnection,
    private readonly ownTemp: string | undefined,
    private readonly onStage: (message: string) => void,
    /** DuckDB's own version string, for run diagnostics. */
    readonly version: string,
  ) {}

  static async open(options: DuckDbEngineOptions = {}, api?: typeof DuckDb): Promise<DuckDbCounter> {
    checkDuckDbOptions(options);
    const duck = api ?? (await loadDuckDb());
    const ownTemp =
      options.tempDirectory === undefined ? await mkdtemp(join(tmpdir(), 'lockstep-duckdb-')) : undefined;
    const config: Record<string, string> = {
      temp_directory: options.tempDirectory ?? ownTemp!,
      // Row order of intermediate results is never relied on (every output is grouped or sorted), and
      // keeping it costs memory in the big joins.
      preserve_insertion_order: 'false',
    };
    if (options.memoryLimit !== undefined) config.memory_limit = options.memoryLimit;
    if (options.threads !== undefined) config.threads = String(options.threads);
    let instance: DuckDb.DuckDBInstance | undefined;
    try {
      instance = await duck.DuckDBInstance.create(':memory:', config);
      const conn = await instance.connect();
      const [[version]] = (await conn.runAndReadAll('SELECT version()')).getRowsJS() as [[string]];
      checkDuckDbVersion(version);
      return new DuckDbCounter(duck, instance, conn, ownTemp, options.onStage ?? (() => undefined), version);
    } catch (e) {
      instance?.closeSync();
      if (ownTemp !== undefined) await rm(ownTemp, { recursive: true, force: true });
      throw e;
    }
  }

  /** Lockstep mode's counting stage for one behaviour's actions: the same pass as `lockstepPass`. */
  async pass(table: ActionTable, columns: PostColumns, options: LockstepOptions): Promise<BehaviourPass> {
    const n = table.object.length;
    const time = new Float64Array(n);
    for (let i = 0; i < n; i++) time[i] = columns.time[table.post[i]!]!;
    const accountCount = columns.accounts.size;
    const b = table.behaviour;

    this.onStage(`duckdb: loading ${n.toLocaleString('en-US')} ${b} actions`);
    await this.load(table, columns, time);
    const q = lockstepSql('actions', 'kept', options);
    this.onStage(`duckdb: ${b}: collapse and crowd`);
    await this.conn.run('DROP TABLE IF EXISTS kept');
    await this.conn.run(q.kept);
    await fillCrowdWeights(this.conn, q, 'kept_weights', options.maxCrowd);

    const kept = new Uint8Array(n);
    await this.each(`SELECT rid FROM kept WHERE crowd <= ${options.maxCrowd}`, (row) => {
      kept[row[0] as number] = 1;
    });
    const activity = new Int32Array(accountCount);
    const degree = new Float64Array(accountCount);
    const active = new Uint8Array(accountCount);
    await this.each(
      `SELECT CAST(account_id AS INTEGER), CAST(n AS INTEGER), CAST(degree AS DOUBLE) FROM (${q.accounts})`,
      (row) => {
        const a = row[0] as number;
        activity[a] = row[1] as number;
        degree[a] = row[2] as number;
        active[a] = 1;
      },
    );
    this.onStage(`duckdb: ${b}: co-actions and pairs`);
    const pairs = await this.pairs(q.pairs);
    const [totals] = (
      await this.conn.runAndReadAll(
        `SELECT CAST(collapsed AS DOUBLE), CAST(crowded AS DOUBLE), CAST(eligible AS DOUBLE),
           CAST(active AS DOUBLE), CAST(co_actions AS DOUBLE), t_min, t_max FROM (${q.totals})`,
      )
    ).getRowsJS() as [number, number, number, number, number, number | null, number | null][];
    const [collapsed, crowded, eligible, activeAccounts, coActions, tMin, tMax] = totals!;
    await this.conn.run('DROP TABLE kept');
    await this.conn.run('DROP TABLE kept_weights');
    await this.conn.run('DROP TABLE actions');

    const { order, starts } = orderByObjectTime(table.object, time, table.objects.size);
    const w = options.window;
    return {
      table,
      window: w,
      order,
      starts,
      kept,
      activity,
      degree,
      eligibleActions: eligible,
      uniformRate: tMin === null || tMax === null ? 1 : uniformRate(tMin, tMax, w),
      pairs,
      coActions,
      activeAccounts,
      active,
      collapsedActions: collapsed,
      crowdedActions: crowded,
    };
  }

  async close(): Promise<void> {
    this.conn.closeSync();
    this.instance.closeSync();
    if (this.ownTemp !== undefined) await rm(this.ownTemp, { recursive: true, force: true });
  }

  /** `actions(rid, object_id, account_id, ts)` from the table, one DuckDB vector at a time. */
  private async load(table: ActionTable, columns: PostColumns, time: Float64Array): Promise<void> {
    const { DuckDBDataChunk, INTEGER, DOUBLE } = this.api;
    await this.conn.run(
      'CREATE OR REPLACE TABLE actions (rid INTEGER, object_id INTEGER, account_id INTEGER, ts DOUBLE)',
    );
    const appender = await this.conn.createAppender('actions');
    const chunk = DuckDBDataChunk.create([INTEGER, INTEGER, INTEGER, DOUBLE], VECTOR);
    const n = table.object.length;
    const rid: number[] = [];
    const object: number[] = [];
    const account: number[] = [];
    const ts: number[] = [];
    for (let s = 0; s < n; s += VECTOR) {
      const e = Math.min(n, s + VECTOR);
      rid.length = object.length = account.length = ts.length = e - s;
      for (let i = s; i < e; i++) {
        rid[i - s] = i;
        object[i - s] = table.object[i]!;
        account[i - s] = columns.account[table.post[i]!]!;
        ts[i - s] = time[i]!;
      }
      chunk.rowCount = e - s;
      chunk.setColumns([rid, object, account, ts]);
      appender.appendDataChunk(chunk);
    }
    appender.closeSync();
  }

  /** Runs `sql` and calls `row` for every row, a chunk at a time (results may be large). */
  private async each(sql: string, row: (values: DuckDb.DuckDBValue[]) => void): Promise<void> {
    const result = await this.conn.stream(sql);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      chunk.visitRows((r) => {
        row(r);
      });
    }
  }

  /**
   * The kept pairs in (a, b) order, a < b: the order engine/lockstep.ts lists them in, so sums over
   * pairs in later stages add in the same order.
   */
  private async pairs(sql: string): Promise<PairColumns> {
    const rows = new PairRows();
    await this.each(
      `SELECT CAST(a AS INTEGER), CAST(b AS INTEGER), CAST(co_actions AS INTEGER), weight,
         CAST(objects AS INTEGER), first_ts, last_ts, CAST(shared_interest AS DOUBLE)
       FROM (${sql}) ORDER BY 1, 2`,
      (r) => {
        const [a, b, count, weight, objects, first, last, extra] = r as number[];
        rows.push(a!, b!, count!, weight!, objects!, first!, last!, extra!);
      },
    );
    return rows.toColumns();
  }
}
