/**
 * `lockstep detect INPUT… --out DIR`: reads the inputs (src/ingest), runs detection (src/detect) and
 * writes the outputs (src/report, docs/OUTPUTS.md). Thin wiring: option parsing and progress only.
 */
import { Option, type Command } from 'commander';
import { BEHAVIOURS, isBehaviour, type Behaviour } from '../../core/behaviour.js';
import { LockstepError, isLockstepError } from '../../core/errors.js';
import { plural } from '../../core/plural.js';
import type { DetectionResult, InputSummary, Semantics } from '../../core/result.js';
import {
  FORMAT_NAMES,
  IngestStats,
  parseMapping,
  readAllPosts,
  type FormatName,
  type IngestOptions,
} from '../../ingest/index.js';
import { detect, detectPrepared, type DetectOptions } from '../../detect/index.js';
import { DUCKDB_READ_MODES, readByDuckDb, type DuckDbRead } from '../../detect/duckdb-read.js';
import {
  DEFAULT_COORTWEET_WINDOW,
  DEFAULT_EFFECT_FLOOR,
  DEFAULT_MIN_OBJECTS,
  DEFAULT_FDR,
  DEFAULT_LOCKSTEP_WINDOW,
  DEFAULT_MIN_PARTICIPATION,
  DEFAULT_SEED,
  ENGINES,
  type Engine,
} from '../../detect/options.js';
import { writeDetectionOutput } from '../../report/index.js';
import { createProgress, createStageLog, type Progress } from '../../report/progress.js';
import { workerPostSource } from '../read/worker-source.js';
import { clickhouseOptions, duckdbOptions } from './detect-engine-options.js';
import { intArg, listArg, numberArg } from '../args.js';

/** `--publish`/`--db` options as commander gives them (checked by cli/publish-run.ts). */
interface RawPublishFlags {
  publish?: string;
  user?: string;
  db?: string;
  pgSchema?: string;
  org?: string;
  tlp?: string;
  title?: string;
}

export interface DetectFlags {
  format: FormatName | 'auto';
  behaviours?: string;
  window?: string;
  minParticipation?: string;
  semantics?: Semantics;
  fdr?: string;
  effectFloor?: string;
  minObjects?: string;
  reference?: 'auto' | 'crowd' | 'archive';
  seed?: string;
  map?: string;
  /** false: read in the main thread (`--no-parallel-read`); default: in a worker thread. */
  parallelRead?: boolean;
  engine?: Engine;
  duckdbMemory?: string;
  duckdbTemp?: string;
  duckdbThreads?: string;
  /** `--duckdb-slices N`: the pairs statement in N slices (default: from the co-actions and memory). */
  duckdbSlices?: string;
  /** `--duckdb-db PATH`: a database file that keeps the staged tables; reruns resume from it. */
  duckdbDb?: string;
  /**
   * `--duckdb-read`: whether DuckDB reads the input itself (detect/duckdb-read.ts). Default off: at 1M–3M
   * it cost 2–4× the CPU of Lockstep's reader and Node held the same columns (bench/RESULTS.md, h-duck2).
   */
  duckdbRead?: DuckDbRead;
  /** `--clickhouse URL[,URL…]`: one HTTP URL per shard, the coordinator first. */
  clickhouse?: string;
  clickhouseCluster?: string;
  /** `--progress`: a bar on a terminal (auto), one line per stage (lines), or nothing (none). */
  progress?: ProgressMode;
  /** A fact-check store or file: networks' objects and examples are matched against it. */
  factchecks?: string;
  /** `--embeddings MODEL` with `--factchecks`: match by meaning too (src/factcheck/embedder.ts). */
  embeddings?: string;
  out: string;
}

export type ProgressMode = 'auto' | 'lines' | 'none';

function progressOf(mode: ProgressMode | undefined): Progress {
  if (mode === 'lines') return createStageLog();
  if (mode === 'none') return { update: () => undefined, done: () => undefined };
  return createProgress();
}

export function parseBehaviours(s: string): Behaviour[] {
  const list = listArg(s);
  if (list.length === 0)
    throw new LockstepError('ERR_USAGE', '--behaviours needs at least one behaviour', {
      option: '--behaviours',
    });
  for (const b of list) {
    if (!isBehaviour(b)) {
      throw new LockstepError(
        'ERR_USAGE',
        `unknown behaviour "${b}"; expected one of ${BEHAVIOURS.join(', ')}`,
        {
          option: '--behaviours',
        },
      );
    }
  }
  return list as Behaviour[];
}

/** `--window 60`, `--window auto` or `--window co-retweet=60,co-link=600`. */
export function parseWindow(s: string): DetectOptions['window'] {
  if (s === 'auto') return 'auto';
  if (!s.includes('=')) return numberArg(s, '--window', 0, 365 * 86400);
  const out: Partial<Record<Behaviour, number>> = {};
  for (const part of s.split(',')) {
    const [b, w, ...rest] = part.split('=').map((x) => x.trim());
    if (b === undefined || w === undefined || rest.length > 0 || !isBehaviour(b)) {
      throw new LockstepError('ERR_USAGE', `--window entry "${part}" is not behaviour=seconds`, {
        option: '--window',
      });
    }
    out[b] = numberArg(w, `--window ${b}`, 0, 365 * 86400);
  }
  return out;
}

export function detectOptions(o: Omit<DetectFlags, 'out' | 'format' | 'map'>): DetectOptions {
  return {
    behaviours: o.behaviours === undefined ? undefined : parseBehaviours(o.behaviours),
    window: o.window === undefined ? undefined : parseWindow(o.window),
    minParticipation:
      o.minParticipation === undefined ? undefined : intArg(o.minParticipation, '--min-participation', 0),
    semantics: o.semantics,
    fdr: o.fdr === undefined ? undefined : numberArg(o.fdr, '--fdr', Number.MIN_VALUE, 1),
    effectFloor: o.effectFloor === undefined ? undefined : numberArg(o.effectFloor, '--effect-floor', 1, 1e6),
    minObjects: o.minObjects === undefined ? undefined : intArg(o.minObjects, '--min-objects', 1),
    reference: o.reference,
    seed: o.seed === undefined ? undefined : intArg(o.seed, '--seed', 0, 2 ** 32 - 1),
    engine: o.engine,
    duckdb: duckdbOptions(o),
    clickhouse: clickhouseOptions(o),
  };
}

/** Reads, detects and writes; returns the result (the demo command reuses it). */
export async function runDetect(inputs: string[], flags: DetectFlags): Promise<DetectionResult> {
  const ingest: IngestOptions = { format: flags.format };
  if (flags.map !== undefined) ingest.mapping = parseMapping(flags.map);
  const options = detectOptions(flags);
  const progress = progressOf(flags.progress);
  const stats = new IngestStats();
  const onProgress = (stage: string, done: number, total?: number): void => {
    progress.update(stage === 'read' ? 'reading posts' : stage, done, total);
  };
  const t0 = performance.now();
  let result: DetectionResult;
  let input: () => InputSummary;
  try {
    // With --engine duckdb, DuckDB reads the input itself where it can (detect/duckdb-read.ts).
    const byDuckDb =
      options.engine === 'duckdb'
        ? await readByDuckDb(
            {
              files: inputs,
              format: flags.format,
              mapped: flags.map !== undefined,
              mode: flags.duckdbRead ?? 'off',
            },
            { ...options, onProgress },
          )
        : undefined;
    if (byDuckDb) {
      input = () => byDuckDb.summary;
      try {
        result = await detectPrepared(byDuckDb.prepared, { ...options, onProgress }, input);
      } finally {
        await byDuckDb.close();
      }
    } else {
      const parallel = flags.parallelRead === false ? undefined : workerPostSource(inputs, ingest);
      input = () => parallel?.summary() ?? stats.toSummary();
      // The formats are known once reading is done: they choose the reference ('auto').
      result = await detect(
        parallel ?? readAllPosts(inputs, ingest, stats),
        { ...options, onProgress },
        input,
      );
    }
  } catch (e) {
    progress.done();
    if (isLockstepError(e) && e.code === 'ERR_DETECT_NO_INPUT') throw noPostsError(input!(), e);
    throw e;
  }
  progress.done();
  result.input = input();
  result.parameters.inputs = inputs;
  result.parameters.format = [...new Set(result.input.files.map((f) => f.format))].join(',') || flags.format;
  if (flags.factchecks !== undefined)
    await annotateWithFactChecks(result, flags.factchecks, flags.embeddings);
  result.timings.total = Math.round(performance.now() - t0);
  await writeDetectionOutput(result, flags.out);
  return result;
}

/**
 * `--factchecks`: post-processing over the result (src/factcheck/annotate.ts); loaded only when asked.
 * With `--embeddings` the fact checks' vectors come from the store where stored (factcheck/vectors.ts).
 */
async function annotateWithFactChecks(
  result: DetectionResult,
  spec: string,
  model: string | undefined,
): Promise<void> {
  const { loadFactChecksFrom } = await import('../../factcheck/source.js');
  const { FactCheckMatcher } = await import('../../factcheck/matcher.js');
  const { annotateNetworks, queryVectors } = await import('../../factcheck/annotate.js');
  const t = performance.now();
  const src = await loadFactChecksFrom(
    spec,
    model === undefined ? undefined : { model, log: (line) => process.stderr.write(line) },
  );
  for (const b of src.imported?.bad ?? [])
    process.stderr.write(`lockstep: ERR_FACTCHECK_BAD_RECORD: ${b.file} record ${b.record}: ${b.reason}\n`);
  const dense = src.dense;
  const matcher = new FactCheckMatcher(src.factChecks, dense ? { dense: dense.index } : {});
  const vectors = dense ? await queryVectors(result, dense.embedder) : undefined;
  const touched = annotateNetworks(result, matcher, undefined, vectors);
  result.timings.factchecks = Math.round(performance.now() - t);
  process.stderr.write(
    `fact checks: ${touched} of ${result.networks.length} networks match some of ${src.factChecks.length} fact checks\n`,
  );
}

/** "no posts to analyse", with what was read and why every row was skipped (the first reasons). */
export function noPostsError(input: InputSummary, cause: unknown): LockstepError {
  const rows = input.files.reduce((s, f) => s + f.rows, 0);
  const parts = input.files.map(
    (f) => `${f.path} (${f.format}): ${plural(f.rows, 'row')}, ${f.skipped} skipped`,
  );
  const reasons = input.skippedExamples
    .slice(0, 3)
    .map((x) => `line ${x.line}: ${x.reason}`)
    .join('; ');
  return new LockstepError(
    'ERR_DETECT_NO_INPUT',
    `no posts to analyse: read ${plural(rows, 'row')} and skipped ${input.skipped}` +
      (parts.length > 0 ? ` (${parts.join('; ')})` : '') +
      (reasons ? `; first reasons: ${reasons}` : '') +
      (input.skipped > 0 && input.skipped === rows ? '. Check --format and --map.' : ''),
    { input },
    { cause },
  );
}

export function describeResult(r: DetectionResult, out: string): string {
  const inNetworks = r.accounts.filter((a) => a.network !== null).length;
  const lines = [
    `read ${plural(r.input.posts, 'post')} by ${plural(r.input.accounts, 'account')} from ${plural(r.input.files.length, 'file')}` +
      (r.input.skipped > 0 ? `; skipped ${r.input.skipped} rows (see run.json)` : ''),
    `found ${r.networks.length} networks (${inNetworks} accounts) over ${r.edges.length} significant edges in ${((r.timings.total ?? 0) / 1000).toFixed(1)} s`,
  ];
  for (const n of r.networks.slice(0, 5)) lines.push(`  ${n.id}: ${n.summary}`);
  if (r.networks.length > 5) lines.push(`  … and ${r.networks.length - 5} more`);
  lines.push(`outputs in ${out}: report.html, networks.json, edges.csv, accounts.csv, graph.gexf, run.json`);
  return lines.join('\n') + '\n';
}

export function register(program: Command): void {
  program
    .command('detect')
    .description('Find accounts acting in lockstep in one or more data files and write the evidence')
    .argument('<input...>', 'input files (CSV, NDJSON; .gz transparent)')
    .addOption(
      new Option('--format <format>', 'input format; auto recognises each file from its content')
        .choices(['auto', ...FORMAT_NAMES])
        .default('auto'),
    )
    .option(
      '--behaviours <list>',
      `comma-separated behaviours (default: all the input supports): ${BEHAVIOURS.join(', ')}`,
    )
    .option(
      '--window <s>',
      `co-action window: seconds, 'auto', or behaviour=seconds,… (default: ${DEFAULT_LOCKSTEP_WINDOW} in lockstep mode, ${DEFAULT_COORTWEET_WINDOW} in coortweet mode)`,
    )
    .option(
      '--min-participation <n>',
      `fewest co-actions of an account pair in one behaviour for an edge (CooRTweet's min_participation) (default: ${DEFAULT_MIN_PARTICIPATION})`,
    )
    .addOption(
      new Option(
        '--semantics <mode>',
        'lockstep (weighted, chance model) or coortweet (parity) (default: lockstep)',
      ).choices(['lockstep', 'coortweet']),
    )
    .option('--fdr <q>', `false-discovery rate for edges and networks (default: ${DEFAULT_FDR})`)
    .option(
      '--effect-floor <x>',
      `lockstep: least observed/expected co-actions for an edge or network to be reported (default: ${DEFAULT_EFFECT_FLOOR})`,
    )
    .addOption(
      new Option(
        '--reference <r>',
        "lockstep: compare accounts with the data set's own crowd, or (archive) only with themselves — for released troll archives with no organic background (default: auto = archive for twitter-io/ira inputs)",
      ).choices(['auto', 'crowd', 'archive']),
    )
    .option(
      '--min-objects <n>',
      `lockstep: fewest distinct objects a network's members acted on together (default: ${DEFAULT_MIN_OBJECTS})`,
    )
    .option('--seed <n>', `random seed for clustering, layout and MinHash (default: ${DEFAULT_SEED})`)
    .option('--map <mapping>', 'column mapping for --format csv/ndjson: key=column,…')
    .option('--no-parallel-read', 'read the inputs in the main thread instead of a worker thread')
    .addOption(
      new Option(
        '--engine <engine>',
        'lockstep: where co-actions are counted: memory, duckdb (embedded DuckDB, spills to disk; the optional package @duckdb/node-api) or clickhouse (a sharded ClickHouse cluster, --clickhouse; the optional package @clickhouse/client) — same results (default: memory)',
      ).choices([...ENGINES]),
    )
    .option(
      '--duckdb-memory <size>',
      "with --engine duckdb: DuckDB's memory limit, e.g. 4GB (default: DuckDB's)",
    )
    .option(
      '--duckdb-temp <dir>',
      'with --engine duckdb: where DuckDB spills (default: a fresh folder under the temp dir)',
    )
    .option('--duckdb-threads <n>', "with --engine duckdb: DuckDB's threads (default: one per core)")
    .option(
      '--duckdb-slices <n>',
      "with --engine duckdb: count each behaviour's pairs in n slices by account, so each slice's aggregates fit DuckDB's memory (default: from the co-actions and the memory limit)",
    )
    .addOption(
      new Option(
        '--duckdb-read <mode>',
        "with --engine duckdb: DuckDB reads the input itself (one CSV/gzip/Parquet file in the twitter-io or CooRTweet layout, lockstep semantics) and hands Lockstep the post columns, not the posts; auto falls back to Lockstep's reader, saying why; on refuses other inputs (default: off — it costs more CPU and, until texts are fetched lazily, no memory is saved)",
      ).choices([...DUCKDB_READ_MODES]),
    )
    .option(
      '--duckdb-db <file>',
      'with --engine duckdb: a database file that keeps the staged tables; a rerun on the same input skips the stages already there (default: in memory, nothing kept)',
    )
    .option(
      '--clickhouse <urls>',
      'with --engine clickhouse: HTTP URL of every shard, comma-separated, the coordinator (which holds the Distributed tables) first',
    )
    .option(
      '--clickhouse-cluster <name>',
      "with --engine clickhouse: the remote_servers cluster the shards form (default: 'lockstep')",
    )
    .addOption(
      new Option(
        '--progress <mode>',
        'auto: a progress bar on a terminal, nothing otherwise; lines: one line per stage on stderr (time, memory), for logs; none (default: auto)',
      ).choices(['auto', 'lines', 'none']),
    )
    .option(
      '--factchecks <store|file>',
      'match networks to fact checks: a store (SQLite file, postgres:// URL) or a ClaimReview/CSV file',
    )
    .option(
      '--embeddings <model>',
      'with --factchecks: match by meaning too (use-lite or a model directory; vectors stored by `factcheck import --embeddings` are reused)',
    )
    // Checked in the action, not as commander's requiredOption, so `lockstep detect` alone names the
    // missing input first.
    .option('--out <dir>', 'output directory (required)')
    // Publishing the run into the workspace (cli/publish-run.ts, loaded only when asked).
    .option('--publish <url>', 'send the run to a running `lockstep serve` at URL (its workspace)')
    .option(
      '--user <name>',
      '--publish as this user (password in LOCKSTEP_TAXII_PASSWORD); or LOCKSTEP_TAXII_TOKEN',
    )
    .option(
      '--db <file|url>',
      'also put the run into this store (SQLite file or postgres:// URL), with activity from the inputs',
    )
    .option('--pg-schema <name>', 'with --db: PostgreSQL schema')
    .option('--org <id>', "with --db: owning organisation (default: the store's only one)")
    .option(
      '--tlp <level>',
      'with --publish/--db: TLP 2.0 of the run (clear, green, amber, amber+strict, red; default amber+strict)',
    )
    .option('--title <text>', 'with --publish/--db: title in the runs list')
    .action(async (inputs: string[], o: Partial<DetectFlags> & RawPublishFlags) => {
      if (o.out === undefined)
        throw new LockstepError('ERR_USAGE', 'detect needs --out DIR (the output directory)', {
          option: '--out',
        });
      if (o.embeddings !== undefined && o.factchecks === undefined)
        throw new LockstepError('ERR_USAGE', '--embeddings needs --factchecks STORE|FILE', {
          option: '--embeddings',
        });
      const publishing = o.publish !== undefined || o.db !== undefined;
      const pub = publishing ? await import('../publish-run.js') : undefined;
      const publishFlags = pub?.checkPublish(o);
      const flags = { ...o, out: o.out, format: o.format ?? 'auto' };
      const r = await runDetect(inputs, flags);
      process.stdout.write(describeResult(r, flags.out));
      if (pub && publishFlags)
        for (const line of await pub.publishRun(flags.out, publishFlags)) process.stdout.write(`${line}\n`);
    });
}
