/**
 * `detect --engine duckdb` reading its input in DuckDB (`--duckdb-read auto|on|off`, default off
 * in the CLI until it saves memory: bench/RESULTS.md, h-duck2):
 * DuckDB reads the file and builds the run's post columns and action tables
 * (sql/duckdb-input-columns.ts), and `detectPrepared` runs every later stage on them — counting in the
 * same DuckDB database, over the action tables the reading built there (no copy of the actions back
 * from Node; `--duckdb-db` counts in its own file as before) — so Node never parses, encodes or holds
 * a Post. The outputs are the same as with Node's reader (cli/commands/detect.test.ts compares every file).
 *
 * What DuckDB reads: one CSV (gzip or not) or Parquet file in a layout of ingest/sql-layouts.ts
 * (twitter-io, both CooRTweet shapes), lockstep semantics. Anything else — several files, `--map`, a
 * `--format` DuckDB has no layout for, coortweet semantics (its content ids), a header no layout
 * matches, or a row DuckDB's CSV reader refuses (Lockstep's reader skips and counts such rows) — is
 * read by Lockstep's reader under `auto`, with a progress line saying why; under `on` it is an error.
 * co-similar is built from the distinct original texts DuckDB hands over, as after Node's reading.
 * The post ids and example texts stay in the reading's files, fetched after clustering for the posts the
 * evidence shows (sql/duckdb-shown-posts.ts): so the reading's database stays open until the caller has
 * the result, then `close` ends it.
 */
import { LockstepError, isLockstepError } from '../core/errors.js';
import type { InputSummary } from '../core/result.js';
import { sqlLayoutOf } from '../ingest/sql-layouts.js';
import { BEHAVIOURS } from '../core/behaviour.js';
import type { ActionTable, PostColumns } from './engine/actions.js';
import type { DetectOptions } from './options.js';
import type { DuckDbCounter } from './sql/duckdb-engine.js';

export type DuckDbRead = 'auto' | 'on' | 'off';

/** The reading's database's memory limit once it has read (it then only fetches shown posts). */
const SHOWN_MEMORY = '256MB';
export const DUCKDB_READ_MODES: readonly DuckDbRead[] = ['auto', 'on', 'off'];

/** The input as the command line gave it. */
export interface ReadRequest {
  files: readonly string[];
  /** `--format` (auto: from the header). */
  format: string;
  /** Whether `--map` was given (a generic CSV mapping: Lockstep's reader). */
  mapped: boolean;
  mode: DuckDbRead;
}

/** Why DuckDB does not read this input (Lockstep's reader does), or undefined when it can. */
export function whyNotDuckDbRead(req: ReadRequest, options: DetectOptions): string | undefined {
  if (options.engine !== 'duckdb') return '--duckdb-read needs --engine duckdb';
  if (req.mode === 'off') return '--duckdb-read off';
  if (options.semantics === 'coortweet') return 'coortweet semantics compare content ids';
  if (req.files.length !== 1) return `${req.files.length} input files (DuckDB reads one)`;
  if (req.mapped) return '--map (a generic CSV mapping)';
  if (!['auto', 'twitter-io', 'coortweet'].includes(req.format))
    return `--format ${req.format} (DuckDB reads twitter-io and CooRTweet layouts)`;
  if (!/\.(csv|csv\.gz|parquet)$/i.test(req.files[0]!)) return 'not a .csv, .csv.gz or .parquet file';
  return undefined;
}

/** What `detectPrepared` takes, and the input summary Lockstep's reader would have given. */
export interface ReadByDuckDb {
  prepared: {
    columns: PostColumns;
    tables: ActionTable[];
    actionsMs: number;
    /**
     * The reading's database, still open, holding the action tables DuckDB built: the counting runs in
     * it (pipeline.ts hands it to counter.ts; `close` below ends it). Undefined with `--duckdb-db`, whose
     * file the counting opens itself (the reading's tables are not worth keeping there).
     */
    duckdb?: DuckDbCounter;
  };
  summary: InputSummary;
  /** Closes the reading's database and removes its files, once detection is done with the columns. */
  close(): Promise<void>;
}

/**
 * The run's columns read by DuckDB, or undefined when Lockstep's reader is to read the input (`auto`:
 * after a progress line saying why). `on` turns every such reason into an error.
 */
export async function readByDuckDb(
  req: ReadRequest,
  options: DetectOptions,
): Promise<ReadByDuckDb | undefined> {
  const note = (why: string): void => {
    if (req.mode === 'on')
      throw new LockstepError('ERR_USAGE', `--duckdb-read on: DuckDB cannot read this input: ${why}`, {
        option: '--duckdb-read',
      });
    if (options.engine === 'duckdb') options.onProgress?.(`duckdb: Lockstep reads the input (${why})`, 0);
  };
  const why = whyNotDuckDbRead(req, options);
  if (why !== undefined) {
    if (req.mode !== 'off') note(why);
    return undefined;
  }
  const t0 = performance.now();
  const { DuckDbCounter } = await import('./sql/duckdb-engine.js');
  const { preparedFromInput } = await import('./sql/duckdb-input-columns.js');
  // The reading's own in-memory database (spilling to the same folder). It stays open for the shown
  // posts' fetches; the counting runs in it on the action tables the reading left there — no copy of the
  // actions back into DuckDB — unless it is to run in a `--duckdb-db` file, opened once the columns are in Node.
  const duckdb = options.duckdb ?? {};
  const share = duckdb.database === undefined;
  const counter = await DuckDbCounter.open({
    memoryLimit: duckdb.memoryLimit,
    tempDirectory: duckdb.tempDirectory,
    threads: duckdb.threads,
    onStage: (message) => options.onProgress?.(message, 0),
  });
  try {
    const format = req.format;
    const got = await preparedFromInput(counter, req.files, {
      behaviours: options.behaviours ?? BEHAVIOURS,
      layoutOf: (header) => {
        const layout = sqlLayoutOf(header);
        return layout !== undefined && (format === 'auto' || layout.format === format) ? layout : undefined;
      },
      keepActions: share,
    });
    for (const b of got.inDuckDb) counter.readHere.add(b);
    // Once it has counted (or at once, when the counting runs elsewhere) the reading's database only
    // answers the shown posts' fetches (scans of its files with a few wanted rows): a small limit has it
    // give back its buffers (3M posts: RSS after reading 2.69 → 0.55 GB; bench/RESULTS.md, h-lazy).
    const shrink = async (): Promise<void> => {
      await counter.conn.run(`SET memory_limit = '${SHOWN_MEMORY}'`);
    };
    if (share) counter.doneCounting = shrink;
    else await shrink();
    return {
      prepared: {
        columns: got.columns,
        tables: got.tables,
        actionsMs: performance.now() - t0,
        ...(share ? { duckdb: counter } : {}),
      },
      summary: got.summary,
      close: async () => {
        await got.shown.close();
        await counter.close();
      },
    };
  } catch (e) {
    await counter.close();
    // A layout DuckDB does not read, or a row it refuses: Lockstep's reader reads such input.
    if (!(req.mode === 'auto' && isLockstepError(e) && e.code === 'ERR_INGEST_FORMAT')) throw e;
    note(e.message);
    return undefined;
  }
}
