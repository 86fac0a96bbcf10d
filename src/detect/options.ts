/**
 * Detection options, their defaults and validation. Defaults (docs/DETECT.md explains each):
 * behaviours = every behaviour the input supports; window = 10 s in `coortweet` mode (CooRTweet's
 * default) and DEFAULT_LOCKSTEP_WINDOW in `lockstep` mode; minParticipation = 2; semantics =
 * 'lockstep'; fdr = 0.05; seed = 1; maxCrowd = 200 (lockstep crowd guard).
 */
import { BEHAVIOURS, isBehaviour, type Behaviour } from '../core/behaviour.js';
import { LockstepError } from '../core/errors.js';
import type { Semantics } from '../core/result.js';
import type { ClickHouseEngineOptions } from './sql/clickhouse-engine.js';
import { checkDuckDbOptions, type DuckDbEngineOptions } from './sql/duckdb-engine.js';

export interface DetectOptions {
  /** Behaviours to detect; default: all that the input supports. */
  behaviours?: Behaviour[];
  /** Seconds (one for all, or per behaviour) or 'auto' (CooRnet-style estimate per behaviour). */
  window?: number | 'auto' | Partial<Record<Behaviour, number>>;
  /** CooRTweet's min_participation (parity), or the minimum distinct shared objects of an edge. */
  minParticipation?: number;
  semantics?: Semantics;
  /** False-discovery rate for edges and networks (lockstep mode). */
  fdr?: number;
  seed?: number;
  /**
   * Lockstep mode: an action on an object that more than this many other accounts acted on within
   * ± window is left out of observed and expected co-activity (crowd guard; docs/DETECT.md).
   */
  maxCrowd?: number;
  /**
   * Lockstep mode: the least observed/expected ratio of co-actions for an edge or a network to be
   * reported, however small its p-value (effect-size floor; docs/DETECT.md says how it was chosen).
   */
  effectFloor?: number;
  /**
   * Lockstep mode: the fewest distinct objects a network's members must have acted on together for it
   * to be reported (repetition across objects; docs/DETECT.md, "Breadth").
   */
  minObjects?: number;
  /**
   * Lockstep mode: what the chance model compares accounts with. 'crowd': the data set's own crowd
   * (organic background present); 'archive': a released archive of one operation's accounts, with no
   * organic background — the nulls and references drawn from everyone's behaviour (time-local,
   * object-timeline, the population's lag spread, outsiders' lags) would compare the operation with
   * itself and call it chance, so only the crowd and shared-interest nulls and the uniform lag
   * reference are used. Default 'auto': 'archive' when every input is in an information-operations
   * archive layout (twitter-io, ira), else 'crowd'. docs/DETECT.md, "Archives".
   */
  reference?: Reference | 'auto';
  /**
   * Run co-similar in a worker thread, beside the other behaviours' co-action counting. Default: when
   * there are at least 50,000 texts. Likewise Louvain beside the reported edges (default from 10,000
   * ties) and the organic contrast beside the evidence (from 500,000 actions); `false` keeps every
   * stage in the calling thread. Results are the same either way.
   */
  parallel?: boolean;
  /**
   * Where the counting stage runs: 'memory' (default, engine/lockstep.ts or engine/coortweet.ts), 'duckdb'
   * (embedded DuckDB, spilling to disk: sql/duckdb-engine.ts, sql/duckdb-parity.ts; the optional
   * @duckdb/node-api package) or 'clickhouse' (lockstep mode only).
   * Results are the same; docs/SCALING.md says when DuckDB pays.
   */
  engine?: Engine;
  /** DuckDB's memory limit, spill folder and threads, for engine 'duckdb'. */
  duckdb?: Omit<DuckDbEngineOptions, 'onStage'>;
  /** The shards' URLs (coordinator first), cluster and database, for engine 'clickhouse'. */
  clickhouse?: Omit<ClickHouseEngineOptions, 'onStage'>;
  onProgress?: (stage: string, done: number, total?: number) => void;
}

export type Engine = 'memory' | 'duckdb' | 'clickhouse';
export const ENGINES: readonly Engine[] = ['memory', 'duckdb', 'clickhouse'];

export type Reference = 'crowd' | 'archive';
export const REFERENCES: readonly Reference[] = ['crowd', 'archive'];
/** Input layouts that are, by definition, released archives of state-linked operations' accounts. */
export const ARCHIVE_FORMATS: readonly string[] = ['twitter-io', 'ira'];

export const DEFAULT_COORTWEET_WINDOW = 10;
export const DEFAULT_LOCKSTEP_WINDOW = 1800;
export const DEFAULT_MIN_PARTICIPATION = 2;
export const DEFAULT_FDR = 0.05;
export const DEFAULT_SEED = 1;
export const DEFAULT_MAX_CROWD = 200;
/** docs/DETECT.md, "Effect floor": the evidence behind the value. */
export const DEFAULT_EFFECT_FLOOR = 3;
/** docs/DETECT.md, "Breadth": why five. */
export const DEFAULT_MIN_OBJECTS = 5;

export interface ResolvedOptions {
  behaviours: Behaviour[] | undefined;
  window: DetectOptions['window'];
  minParticipation: number;
  semantics: Semantics;
  fdr: number;
  seed: number;
  maxCrowd: number;
  effectFloor: number;
  minObjects: number;
  reference: Reference | 'auto';
  engine: Engine;
  duckdb: NonNullable<DetectOptions['duckdb']>;
  clickhouse: DetectOptions['clickhouse'];
  onProgress: NonNullable<DetectOptions['onProgress']>;
}

const usage = (message: string, details: Record<string, unknown>): LockstepError =>
  new LockstepError('ERR_USAGE', message, details);

export function resolveOptions(o: DetectOptions): ResolvedOptions {
  const semantics: Semantics = o.semantics ?? 'lockstep';
  if (!['lockstep', 'coortweet'].includes(semantics))
    throw usage(`semantics must be 'lockstep' or 'coortweet', got ${semantics}`, { semantics });
  if (o.behaviours) {
    for (const b of o.behaviours as string[])
      if (!isBehaviour(b))
        throw usage(`unknown behaviour ${b}; expected one of ${BEHAVIOURS.join(', ')}`, { behaviour: b });
  }
  const checkWindow = (w: unknown, what: string): void => {
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0)
      throw usage(`${what} must be a non-negative number of seconds, got ${String(w)}`, { window: w });
  };
  if (typeof o.window === 'number') checkWindow(o.window, 'window');
  else if (typeof o.window === 'object')
    for (const [b, w] of Object.entries(o.window)) {
      if (!isBehaviour(b)) throw usage(`window given for unknown behaviour ${b}`, { behaviour: b });
      checkWindow(w, `window for ${b}`);
    }
  else if (o.window !== undefined && (o.window as unknown) !== 'auto')
    throw usage(`window must be seconds, 'auto' or per-behaviour seconds`, { window: o.window });
  const minParticipation = o.minParticipation ?? DEFAULT_MIN_PARTICIPATION;
  if (!Number.isInteger(minParticipation) || minParticipation < 0)
    throw usage(`minParticipation must be a non-negative integer, got ${minParticipation}`, {
      minParticipation,
    });
  const fdr = o.fdr ?? DEFAULT_FDR;
  if (!(fdr > 0 && fdr <= 1)) throw usage(`fdr must be in (0, 1], got ${fdr}`, { fdr });
  const maxCrowd = o.maxCrowd ?? DEFAULT_MAX_CROWD;
  if (!Number.isInteger(maxCrowd) || maxCrowd < 1)
    throw usage(`maxCrowd must be an integer ≥ 1, got ${maxCrowd}`, { maxCrowd });
  const effectFloor = o.effectFloor ?? DEFAULT_EFFECT_FLOOR;
  if (!(Number.isFinite(effectFloor) && effectFloor >= 1))
    throw usage(`effectFloor must be a number ≥ 1, got ${effectFloor}`, { effectFloor });
  const reference = o.reference ?? 'auto';
  if (reference !== 'auto' && !REFERENCES.includes(reference))
    throw usage(`reference must be 'auto', 'crowd' or 'archive', got ${reference}`, { reference });
  const minObjects = o.minObjects ?? DEFAULT_MIN_OBJECTS;
  if (!Number.isInteger(minObjects) || minObjects < 1)
    throw usage(`minObjects must be an integer ≥ 1, got ${minObjects}`, { minObjects });
  const engine = o.engine ?? 'memory';
  if (!ENGINES.includes(engine))
    throw usage(`engine must be ${ENGINES.map((e) => `'${e}'`).join(' or ')}, got ${engine}`, { engine });
  if (engine === 'clickhouse' && semantics !== 'lockstep')
    throw usage(
      "engine 'clickhouse' runs lockstep mode's counting stage; coortweet parity runs in memory or on --engine duckdb",
      { engine, semantics },
    );
  if (engine === 'clickhouse' && !o.clickhouse?.urls.length)
    throw usage("engine 'clickhouse' needs the shards' URLs (--clickhouse URL[,URL…])", { engine });
  // Checked here, before any input is read, not when DuckDB opens after reading.
  if (o.duckdb) checkDuckDbOptions(o.duckdb);
  return {
    behaviours: o.behaviours,
    window: o.window,
    minParticipation,
    semantics,
    fdr,
    seed: o.seed ?? DEFAULT_SEED,
    maxCrowd,
    effectFloor,
    minObjects,
    reference,
    engine,
    duckdb: o.duckdb ?? {},
    clickhouse: o.clickhouse,
    onProgress: o.onProgress ?? (() => undefined),
  };
}
