/**
 * `--engine duckdb`: lockstep mode's counting stage — collapse, crowd, windowed co-actions, per-pair
 * and per-account totals — run by embedded DuckDB with the statements of lockstep-sql.ts, which
 * spill to disk (`temp_directory`, `memory_limit`) where the typed-array engine (engine/lockstep.ts)
 * must hold every co-action in memory. What comes back is what the later stages read of a
 * `BehaviourPass`: the kept pairs with their totals — in `detect`, only those among candidate accounts,
 * once every behaviour is counted (duckdb-candidates.ts) — n_a and D_a per account, the run totals, and one
 * bit per action (eligible or not: the time-local and object-timeline nulls and the evidence look at
 * the eligible actions of the accounts they judge). The chance model, Louvain and the evidence then
 * run unchanged, so results equal the in-memory engine's (tests: duckdb-engine.test.ts).
 *
 * Action rows go in as integers (interned object and account ids, the row index as `rid`), four
 * columns of 20 bytes a row before DuckDB's compression, appended a vector (2,048 rows) at a time.
 * Each behaviour runs as three stages (load, crowd, pairs) ending in tables named after it
 * (duckdb-stages.ts); with a database file (`database`, `--duckdb-db`) the tables stay and a rerun on
 * the same actions skips the stages already there, otherwise they are dropped once read back.
 *
 * Cost: DuckDB's, as lockstep-sql.ts states (sorts O(n log n), the co-action join O(Σ min(crowd,
 * maxCrowd))), on `threads` threads within `memory_limit`; Node keeps the action table it already had
 * plus 21 bytes per action (time, account, order) and the returned pairs, and hashes 16 bytes per
 * action once for the stages' fingerprint.
 *
 * `@duckdb/node-api` is an optional dependency (70 MB of native code): it is imported only when this
 * engine is asked for, and a missing or unloadable package is a clear error, not a crash at start-up.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as DuckDb from '@duckdb/node-api';
import type { Behaviour } from '../../core/behaviour.js';
import { LockstepError } from '../../core/errors.js';
import type { ScreenOptions } from '../candidate-screen.js';
import type { BehaviourEdges } from '../fusion.js';
import { PairRows } from '../engine/pair-rows.js';
import type { ActionTable, PostColumns } from '../engine/actions.js';
import { uniformRate, type BehaviourPass, type LockstepOptions } from '../engine/lockstep.js';
import { orderByObjectTime } from '../engine/sort.js';
import {
  crowdStage,
  eachRow,
  pairsStage,
  readPairs,
  readTotals,
  rowCount,
  type PairPlan,
} from './duckdb-count.js';
import { appendColumns } from './duckdb-append.js';
import { parityPassDuckDb } from './duckdb-parity.js';
import type { ParityResult } from '../engine/coortweet.js';
import { checkEngineVersion, importEngine } from './optional-engine.js';
import { lockstepSql } from './lockstep-sql.js';
import {
  STAGES,
  StageLedger,
  stageFingerprint,
  stageTables,
  type Stage,
  type StageTables,
} from './duckdb-stages.js';
import { readCandidatePairs } from './duckdb-candidates.js';

export interface DuckDbEngineOptions {
  /** DuckDB's memory_limit, e.g. '4GB' (default: DuckDB's, 80 % of RAM). */
  memoryLimit?: string;
  /** Where DuckDB spills (default: a fresh folder under the OS temp dir, removed on close). */
  tempDirectory?: string;
  /** Worker threads (default: DuckDB's, one per core). */
  threads?: number;
  /**
   * A database file that keeps the staged tables (`--duckdb-db`): a rerun on the same input skips the
   * stages already there (duckdb-stages.ts). Default: an in-memory database, nothing kept.
   */
  database?: string;
  /**
   * The pairs statement in this many slices by the pair's lower account (`--duckdb-slices`; default:
   * as many as keep one slice's aggregates within half the memory limit, duckdb-count.ts `pairSlices`).
   */
  pairSlices?: number;
  /** Stage messages ('loading co-retweet', …) for progress output. */
  onStage?: (message: string) => void;
}

/** The oldest DuckDB whose RANGE frames, recursive CTEs and appender this file was checked with. */
export const MIN_DUCKDB_VERSION: readonly [number, number] = [1, 1];
const PACKAGE = '@duckdb/node-api';
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
  if (
    o.pairSlices !== undefined &&
    !(Number.isInteger(o.pairSlices) && o.pairSlices >= 1 && o.pairSlices <= 4096)
  )
    throw new LockstepError(
      'ERR_USAGE',
      `DuckDB pair slices must be an integer 1–4096, got ${o.pairSlices}`,
      {
        option: '--duckdb-slices',
        value: o.pairSlices,
      },
    );
}

/** Opens `database` (or an in-memory one), saying which file could not be opened and why. */
async function createInstance(
  duck: typeof DuckDb,
  database: string | undefined,
  config: Record<string, string>,
): Promise<DuckDb.DuckDBInstance> {
  if (database === undefined) return duck.DuckDBInstance.create(':memory:', config);
  try {
    return await duck.DuckDBInstance.create(database, config);
  } catch (e) {
    throw new LockstepError(
      'ERR_USAGE',
      `cannot open the DuckDB database ${database} (${(e as Error).message.split('\n')[0] ?? ''}); ` +
        'give --duckdb-db a writable path that no other process has open',
      { option: '--duckdb-db', value: database },
      { cause: e },
    );
  }
}

/** One DuckDB database for a run: `pass()` per behaviour, then `close()`. */
export class DuckDbCounter {
  /** Behaviours whose pairs are still only in DuckDB (`pass(…, 'candidates')`). */
  private readonly pending = new Map<Behaviour, StageTables>();
  /**
   * Behaviours whose `actions_<behaviour>` table DuckDB's own reading of the input built in this
   * database (duckdb-read.ts): `pass` counts over it instead of appending Node's copy of the rows.
   */
  readonly readHere = new Set<Behaviour>();
  /**
   * For a database the counting was handed (duckdb-read.ts): what to do once every behaviour is counted,
   * instead of closing it (its owner still fetches shown posts from it).
   */
  doneCounting: (() => Promise<void>) | undefined;

  private constructor(
    /** DuckDB's Node API (the parity pass appends with it). */
    readonly api: typeof DuckDb,
    private readonly instance: DuckDb.DuckDBInstance,
    /** The run's connection (duckdb-input.ts builds its tables on it). */
    readonly conn: DuckDb.DuckDBConnection,
    private readonly ownTemp: string | undefined,
    private onStage: (message: string) => void,
    private readonly ledger: StageLedger,
    /** The database file (`--duckdb-db`), or undefined for an in-memory database. */
    private readonly database: string | undefined,
    /** DuckDB's own version string, for run diagnostics. */
    readonly version: string,
    /** `pairSlices`, or undefined to choose per behaviour. */
    private readonly slices: number | undefined,
  ) {}

  /** Another connection to the run's database (an appender beside a streaming query). */
  connect(): Promise<DuckDb.DuckDBConnection> {
    return this.instance.connect();
  }

  /** Where stage messages go from now on (the counting's progress, after the reading's). */
  listen(onStage: (message: string) => void): void {
    this.onStage = onStage;
  }

  /** A progress message (`--progress lines`). */
  stage(message: string): void {
    this.onStage(`duckdb: ${message}`);
  }

  private get persistent(): boolean {
    return this.database !== undefined;
  }

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
      instance = await createInstance(duck, options.database, config);
      const conn = await instance.connect();
      const [[version]] = (await conn.runAndReadAll('SELECT version()')).getRowsJS() as [[string]];
      checkDuckDbVersion(version);
      const ledger = await StageLedger.open(conn);
      const onStage = options.onStage ?? (() => undefined);
      return new DuckDbCounter(
        duck,
        instance,
        conn,
        ownTemp,
        onStage,
        ledger,
        options.database,
        version,
        options.pairSlices,
      );
    } catch (e) {
      instance?.closeSync();
      if (ownTemp !== undefined) await rm(ownTemp, { recursive: true, force: true });
      throw e;
    }
  }

  /**
   * Lockstep mode's counting stage for one behaviour's actions: the same pass as `lockstepPass`. With a
   * database file, stages whose tables are already there for the same fingerprint are not run again
   * (duckdb-stages.ts); without one, the staged tables are dropped once read back.
   */
  async pass(
    table: ActionTable,
    columns: PostColumns,
    options: LockstepOptions,
    /**
     * 'candidates': leave the pairs in DuckDB (the pass's `pairs` is empty) until `candidatePairs` brings
     * back those among candidate accounts once every behaviour is counted (duckdb-candidates.ts).
     */
    read: 'all' | 'candidates' = 'all',
  ): Promise<BehaviourPass> {
    const n = table.object.length;
    const time = new Float64Array(n);
    const account = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const p = table.post[i]!;
      time[i] = columns.time[p]!;
      account[i] = columns.account[p]!;
    }
    const accountCount = columns.accounts.size;
    const b = table.behaviour;
    const t = stageTables(b);
    const q = lockstepSql(t.actions, t.kept, { ...options, weights: t.weights });
    const fingerprint = stageFingerprint({
      behaviour: b,
      object: table.object,
      account,
      time,
      accountCount,
      sql: q,
    });
    const from = await this.ledger.resumeAt(b, fingerprint);
    const todo = from === undefined ? [] : STAGES.slice(STAGES.indexOf(from));
    if (this.persistent && todo.length < STAGES.length)
      this.onStage(
        `duckdb: ${b}: ${todo.length === 0 ? 'every stage' : `stages before ${from}`} already in ${this.database}, same input (resumed)`,
      );
    const stage = async (s: Stage, what: string, run: () => Promise<number>): Promise<void> => {
      if (!todo.includes(s)) return;
      this.onStage(`duckdb: ${b}: ${what}`);
      const t0 = performance.now();
      const rows = await run();
      const seconds = (performance.now() - t0) / 1000;
      await this.ledger.record(b, s, fingerprint, rows, seconds);
      this.onStage(
        `duckdb: ${b}: ${s} done, ${rows.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s`,
      );
    };

    const here = this.readHere.has(b);
    await stage(
      'load',
      here ? `${n.toLocaleString('en-US')} actions, as read` : `loading ${n.toLocaleString('en-US')} actions`,
      async () => {
        if (!here) await this.load(t.actions, table.object, account, time);
        return n;
      },
    );
    await stage('crowd', 'collapse and crowd', async () => {
      await crowdStage(this.conn, q, t, options.maxCrowd);
      return rowCount(this.conn, t.kept);
    });
    await stage('pairs', 'co-actions and pairs', async () => {
      await pairsStage(this.conn, q, t, this.pairPlan(b, options));
      return rowCount(this.conn, t.pairs);
    });

    const kept = new Uint8Array(n);
    await eachRow(this.conn, `SELECT rid FROM ${t.kept} WHERE crowd <= ${options.maxCrowd}`, (row) => {
      kept[row[0] as number] = 1;
    });
    const activity = new Int32Array(accountCount);
    const degree = new Float64Array(accountCount);
    const active = new Uint8Array(accountCount);
    await eachRow(this.conn, `SELECT account_id, n, degree FROM ${t.accounts}`, (row) => {
      const a = row[0] as number;
      activity[a] = row[1] as number;
      degree[a] = row[2] as number;
      active[a] = 1;
    });
    const pairs = read === 'all' ? await readPairs(this.conn, t.pairs) : new PairRows().toColumns();
    const totals = await readTotals(this.conn, t.totals);
    if (read === 'candidates') this.pending.set(b, t);
    else await this.release(t);

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
      eligibleActions: totals.eligible,
      uniformRate:
        totals.tMin === null || totals.tMax === null ? 1 : uniformRate(totals.tMin, totals.tMax, w),
      pairs,
      coActions: totals.coActions,
      activeAccounts: totals.active,
      active,
      collapsedActions: totals.collapsed,
      crowdedActions: totals.crowded,
    };
  }

  /** CooRTweet parity's pair counting for one behaviour (`--semantics coortweet`; duckdb-parity.ts). */
  parity(
    table: ActionTable,
    columns: PostColumns,
    window: number,
    minParticipation: number,
  ): Promise<ParityResult> {
    return parityPassDuckDb(this, table, columns, window, minParticipation);
  }

  /**
   * After every behaviour's `pass(…, 'candidates')`: fills each pass's `pairs` with the pairs among
   * candidate accounts (duckdb-candidates.ts) and frees the staged tables.
   */
  async candidatePairs(perBehaviour: readonly BehaviourEdges[], opts: ScreenOptions): Promise<void> {
    const tables = perBehaviour.map(({ behaviour }) => {
      const t = this.pending.get(behaviour);
      if (t === undefined) throw new Error(`no pending DuckDB pairs for ${behaviour}`);
      return t;
    });
    await readCandidatePairs(this, perBehaviour, tables, opts);
    for (const t of tables) await this.release(t);
    this.pending.clear();
  }

  /** How `pairsStage` cuts the pairs statement of behaviour `b`, saying so in progress lines. */
  pairPlan(b: Behaviour, options: LockstepOptions): PairPlan {
    return {
      options,
      slices: this.slices,
      say: (m) => {
        this.onStage(`duckdb: ${b}: ${m}`);
      },
    };
  }

  /** A database file keeps its staged tables for the next run; an in-memory one frees them now. */
  private async release(t: StageTables): Promise<void> {
    if (!this.persistent)
      for (const name of Object.values(t)) await this.conn.run(`DROP TABLE IF EXISTS ${name}`);
  }

  async close(): Promise<void> {
    this.conn.closeSync();
    this.instance.closeSync();
    if (this.ownTemp !== undefined) await rm(this.ownTemp, { recursive: true, force: true });
  }

  /** `<name>(rid, object_id, account_id, ts)` from the action columns, one DuckDB vector at a time. */
  private load(name: string, objects: Int32Array, accounts: Int32Array, time: Float64Array): Promise<void> {
    return appendColumns(this.api, this.conn, name, [
      { name: 'rid', type: 'INTEGER', values: 'index' },
      { name: 'object_id', type: 'INTEGER', values: objects },
      { name: 'account_id', type: 'INTEGER', values: accounts },
      { name: 'ts', type: 'DOUBLE', values: time },
    ]);
  }
}
