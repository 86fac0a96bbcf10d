/**
 * `--engine clickhouse`: lockstep mode's counting stage on a ClickHouse cluster whose Distributed
 * tables shard actions by object (docs/SCALING.md, "A distributed engine"). The loader collapses
 * repeats in Node (engine/collapse.ts), inserts the kept actions into a Distributed table sharded by
 * `cityHash64(object_id)`; each shard finds crowds, degrees and co-actions among its own objects with
 * the bucket band joins of clickhouse-sql.ts, and the coordinator adds the shards' partial sums. What
 * comes back is a `BehaviourPass` equal, bit for bit, to engine/lockstep.ts's (clickhouse-engine.test.ts).
 *
 * Shards: ClickHouse 18.x creates tables on a cluster only through ZooKeeper (`ON CLUSTER`), so the
 * adapter is given one HTTP URL per shard (the first is the coordinator that holds the Distributed
 * tables) and creates each shard's local tables and views through its own URL; it checks that the
 * coordinator's cluster lists as many shards as URLs were given.
 *
 * Cost in Node: the action table it already holds, 8 + 8 B per action (time, bucket) and the order of
 * engine/sort.ts; each kept action is sent once (TSV, ~40 B), each eligible action twice; per kept
 * action one crowd row comes back, then per active account and per kept pair one row.
 *
 * `@clickhouse/client` is an optional dependency, imported only when this engine is asked for.
 */
import { Readable } from 'node:stream';
import type * as ClickHouse from '@clickhouse/client';
import { LockstepError } from '../../core/errors.js';
import type { ActionTable, PostColumns } from '../engine/actions.js';
import { collapseRepeats } from '../engine/collapse.js';
import { crowdWeights } from '../engine/crowd-weights.js';
import { uniformRate, type BehaviourPass, type LockstepOptions } from '../engine/lockstep.js';
import type { PairColumns } from '../engine/pair-table.js';
import { PairRows } from '../engine/pair-rows.js';
import { orderByObjectTime } from '../engine/sort.js';
import { checkEngineVersion, importEngine } from './optional-engine.js';
import {
  clickHouseTables,
  coordinatorQueries,
  distributedDdl,
  float64FromHex,
  localTableDdl,
  localViewDdl,
  type ClickHouseTables,
} from './clickhouse-sql.js';

export interface ClickHouseEngineOptions {
  /** One HTTP URL per shard; the first is the coordinator (holds the Distributed tables). */
  urls: string[];
  /** The `remote_servers` cluster the Distributed tables spread over (default 'lockstep'). */
  cluster?: string;
  /** Database for the run's tables on every shard (default 'default'). */
  database?: string;
  onStage?: (message: string) => void;
}

/** The oldest ClickHouse these statements were run on (Debian bookworm's). */
export const MIN_CLICKHOUSE_VERSION: readonly [number, number] = [18, 16];
const PACKAGE = '@clickhouse/client';
const ROWS_PER_CHUNK = 8192;
const QUANTUM = 2 ** 32;

/** Imports the official client, or says clearly that it is missing (`specifier` is for tests). */
export function loadClickHouse(specifier: string = PACKAGE): Promise<typeof ClickHouse> {
  return importEngine<typeof ClickHouse>('clickhouse', PACKAGE, specifier);
}

/** '18.16.1' → ok; older or unreadable → ERR_DETECT_ENGINE_VERSION naming both versions and the URL. */
export function checkClickHouseVersion(version: string, url: string): void {
  checkEngineVersion('clickhouse', `ClickHouse ${version} at ${url}`, version, MIN_CLICKHOUSE_VERSION, {
    url,
  });
}

/**
 * Bucket width B ≥ w for the band joins: two actions within w of each other must land in the same or
 * adjacent buckets even after `floor(fl(t / B))` rounds. B = w·(1 + 2⁻²⁰) leaves a 2⁻²⁰ margin, and B is
 * raised until |t / B| < 2³⁰ so the quotient's rounding error (≤ 2⁻²³) stays inside it.
 */
export function bucketWidth(w: number, maxAbsTime: number): number {
  return Math.max(w, maxAbsTime / 2 ** 30, Number.MIN_VALUE * 2 ** 60) * (1 + 2 ** -20);
}

/** Connections to every shard for one run: `pass()` per behaviour, then `close()`. */
export class ClickHouseCounter {
  private passes = 0;
  /** Kept actions each shard received in the last pass (the shard key's spread). */
  shardRows: number[] = [];
  private constructor(
    private readonly shards: ClickHouse.ClickHouseClient[],
    private readonly urls: string[],
    private readonly cluster: string,
    private readonly database: string,
    private readonly prefix: string,
    private readonly onStage: (message: string) => void,
    /** The coordinator's version string, for run diagnostics. */
    readonly version: string,
  ) {}

  static async open(options: ClickHouseEngineOptions, api?: typeof ClickHouse): Promise<ClickHouseCounter> {
    const ch = api ?? (await loadClickHouse());
    const { urls } = options;
    if (urls.length === 0) throw new LockstepError('ERR_USAGE', '--clickhouse needs at least one URL', {});
    const cluster = options.cluster ?? 'lockstep';
    const database = options.database ?? 'default';
    const shards = urls.map((url) =>
      ch.createClient({
        url,
        database,
        // Long shard queries: progress headers keep the HTTP connection busy (the client's advice).
        request_timeout: 3_600_000,
        clickhouse_settings: { send_progress_in_http_headers: 1, http_headers_progress_interval_ms: '10000' },
        // Failures reach the user as errors with the URL; the client's own log would repeat them.
        log: { level: ch.ClickHouseLogLevel.OFF },
      }),
    );
    try {
      let version = '';
      for (const [i, client] of shards.entries()) {
        const url = urls[i]!;
        const ping = await client.ping();
        if (!ping.success)
          throw new LockstepError(
            'ERR_DETECT_ENGINE_MISSING',
            `cannot reach ClickHouse at ${url} (${ping.error.message}); start it ` +
              `(scripts/clickhouse-cluster.sh start for a local two-shard cluster) or use --engine memory`,
            { engine: 'clickhouse', url },
          );
        const v = (await text(client, 'SELECT version()')).trim();
        checkClickHouseVersion(v, url);
        if (i === 0) version = v;
      }
      const listed = Number(
        await text(shards[0]!, `SELECT count() FROM system.clusters WHERE cluster = '${cluster}'`),
      );
      if (listed !== urls.length)
        throw new LockstepError(
          'ERR_USAGE',
          `ClickHouse at ${urls[0]!} lists ${listed} shard(s) in cluster '${cluster}' but --clickhouse gives ` +
            `${urls.length} URL(s); give one HTTP URL per shard, the coordinator first`,
          { option: '--clickhouse', cluster, shards: listed, urls: urls.length },
        );
      const prefix = `lockstep_${process.pid}_${Date.now().toString(36)}`;
      const onStage = options.onStage ?? (() => undefined);
      return new ClickHouseCounter(shards, urls, cluster, database, prefix, onStage, version);
    } catch (e) {
      await Promise.all(shards.map((c) => c.close()));
      throw e;
    }
  }

  /** Lockstep mode's counting stage for one behaviour's actions: the same pass as `lockstepPass`. */
  async pass(table: ActionTable, columns: PostColumns, options: LockstepOptions): Promise<BehaviourPass> {
    const n = table.object.length;
    const w = options.window;
    const accountCount = columns.accounts.size;
    const account = (r: number): number => columns.account[table.post[r]!]!;
    const time = new Float64Array(n);
    let maxAbs = 0;
    for (let i = 0; i < n; i++) {
      time[i] = columns.time[table.post[i]!]!;
      maxAbs = Math.max(maxAbs, Math.abs(time[i]!));
    }
    const { order, starts } = orderByObjectTime(table.object, time, table.objects.size);
    const { kept, collapsed } = collapseRepeats(order, starts, time, account, accountCount, w);
    const width = bucketWidth(w, maxAbs);
    const bits = new BigUint64Array(time.buffer);
    const row = (r: number): string =>
      `${r}\t${table.object[r]!}\t${account(r)}\t${bits[r]!}\t${Math.floor(time[r]! / width)}`;

    const t = clickHouseTables(`${this.prefix}_${this.passes++}`);
    const b = table.behaviour;
    try {
      await this.create(t, w);
      this.onStage(`clickhouse: loading ${n.toLocaleString('en-US')} ${b} actions`);
      await this.insert(`${t.actions}_d`, n, (r) => (kept[r] ? row(r) : undefined));
      this.shardRows = await Promise.all(
        this.shards.map(async (s) => Number(await text(s, `SELECT count() FROM ${t.actions}`))),
      );
      this.onStage(
        `clickhouse: ${b}: ${this.shardRows.map((x) => x.toLocaleString('en-US')).join(' + ')} kept actions ` +
          `on ${this.shards.length} shard(s)`,
      );

      this.onStage(`clickhouse: ${b}: crowd`);
      const crowd = new Int32Array(n);
      await this.rows(`SELECT rid, crowd FROM ${t.crowd}_d`, (f) => {
        crowd[Number(f[0])] = Number(f[1]);
      });
      let crowded = 0;
      let eligible = 0;
      let tMin = Infinity;
      let tMax = -Infinity;
      const active = new Uint8Array(accountCount);
      for (let r = 0; r < n; r++) {
        if (!kept[r]) continue;
        if (crowd[r]! > options.maxCrowd) {
          kept[r] = 0;
          crowded++;
          continue;
        }
        eligible++;
        active[account(r)] = 1;
        if (time[r]! < tMin) tMin = time[r]!;
        if (time[r]! > tMax) tMax = time[r]!;
      }
      let activeAccounts = 0;
      for (const x of active) activeAccounts += x;
      const idf = crowdWeights(activeAccounts, options.maxCrowd);
      const weightRows = Array.from(idf, (x, c) => `${c}\t${Math.round(x * QUANTUM)}\n`).join('');
      await Promise.all(this.shards.map((s) => insertText(s, t.weights, weightRows)));
      await this.insert(`${t.eligible}_d`, n, (r) => (kept[r] ? `${row(r)}\t${crowd[r]!}` : undefined));

      this.onStage(`clickhouse: ${b}: co-actions and pairs`);
      const q = coordinatorQueries(t, options.minPairCoActions ?? 1);
      const activity = new Int32Array(accountCount);
      const degree = new Float64Array(accountCount);
      let degrees = 0;
      await this.rows(q.accounts, (f) => {
        const a = Number(f[0]);
        activity[a] = Number(f[1]);
        degree[a] = Number(f[2]);
        degrees += degree[a];
      });
      const pairs = await this.pairs(q.pairs);
      return {
        table,
        window: w,
        order,
        starts,
        kept,
        activity,
        degree,
        eligibleActions: eligible,
        uniformRate: eligible === 0 ? 1 : uniformRate(tMin, tMax, w),
        pairs,
        coActions: degrees / 2,
        activeAccounts,
        active,
        collapsedActions: collapsed,
        crowdedActions: crowded,
      };
    } finally {
      await this.drop(t);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.shards.map((c) => c.close()));
  }

  /** Local tables and views on every shard, then the Distributed tables on the coordinator. */
  private async create(t: ClickHouseTables, w: number): Promise<void> {
    for (const s of this.shards)
      for (const ddl of [...localTableDdl(t), ...localViewDdl(t, w)]) await command(s, ddl);
    for (const ddl of distributedDdl(t, this.cluster, this.database)) await command(this.shards[0]!, ddl);
  }

  private async drop(t: ClickHouseTables): Promise<void> {
    const names = [t.pairs, t.accounts, t.crowd, t.eligible, t.actions, t.weights];
    for (const name of names) await command(this.shards[0]!, `DROP TABLE IF EXISTS ${name}_d`);
    for (const s of this.shards) for (const name of names) await command(s, `DROP TABLE IF EXISTS ${name}`);
  }

  /**
   * Rows `line(r)` for r = 0 … n − 1 (undefined = skip) into a Distributed table, synchronously: the
   * insert returns once every shard has its rows, so the next query sees them.
   */
  private async insert(table: string, n: number, line: (r: number) => string | undefined): Promise<void> {
    function* chunks(): Generator<string> {
      let out: string[] = [];
      for (let r = 0; r < n; r++) {
        const l = line(r);
        if (l === undefined) continue;
        out.push(l);
        if (out.length === ROWS_PER_CHUNK) {
          yield out.join('\n') + '\n';
          out = [];
        }
      }
      if (out.length > 0) yield out.join('\n') + '\n';
    }
    await this.shards[0]!.insert({
      table,
      values: Readable.from(chunks(), { objectMode: false }),
      format: 'TabSeparated',
      clickhouse_settings: { insert_distributed_sync: 1 },
    });
  }

  /** Runs `sql` on the coordinator and calls `row` with every TSV row's fields, streamed. */
  private async rows(sql: string, row: (fields: string[]) => void): Promise<void> {
    const result = await this.shards[0]!.query({ query: sql, format: 'TabSeparated' });
    for await (const batch of result.stream())
      for (const r of batch as { text: string }[]) row(r.text.split('\t'));
  }

  /** The kept pairs in (a, b) order; weights are integer sums in units of 2⁻³², exact. */
  private async pairs(sql: string): Promise<PairColumns> {
    const out = new PairRows();
    await this.rows(sql, (f) => {
      const [a, b, count, weight, objects, first, last, shared] = f as [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ];
      out.push(
        Number(a),
        Number(b),
        Number(count),
        Number(weight) / QUANTUM,
        Number(objects),
        float64FromHex(first),
        float64FromHex(last),
        Number(shared),
      );
    });
    return out.toColumns();
  }
}

async function text(client: ClickHouse.ClickHouseClient, query: string): Promise<string> {
  return (await client.query({ query, format: 'TabSeparated' })).text();
}

async function command(client: ClickHouse.ClickHouseClient, query: string): Promise<void> {
  await client.command({ query });
}

async function insertText(client: ClickHouse.ClickHouseClient, table: string, rows: string): Promise<void> {
  await client.insert({
    table,
    values: Readable.from([rows], { objectMode: false }),
    format: 'TabSeparated',
  });
}
