/**
 * What one `runMonitor` holds between events and ticks, in one typed object that the loop's parts
 * (intake.ts, tick.ts, workspace-feed.ts, checkpoint.ts, status.ts) take as an argument rather than
 * capture: the out folder, journal, window, tracker, cadence and de-duplication, the counts the
 * status line, health endpoint, stats.json and summary report, and the few values that change as the
 * stream runs (the next boundary, what the last detection saw). `openMonitorState` opens DIR and reads
 * back what a previous run over it left (cursor.json, alerts.ndjson); the journal is replayed after
 * (intake.ts `replayJournal`).
 */
import type { DetectionResult, Network } from '../core/result.js';
import { LockstepError } from '../core/errors.js';
import { WindowActions, type DetectOptions } from '../detect/index.js';
import { Dedupe, type Mark } from './dedupe.js';
import type { HealthSnapshot } from './health.js';
import { Journal } from './journal.js';
import { DEFAULT_MONITOR_EVERY, DEFAULT_MONITOR_WINDOW, type MonitorOptions } from './monitor-options.js';
import { OutDir } from './out-dir.js';
import type { LiveSource } from './source.js';
import { TickCadence } from './tick-cadence.js';
import { NetworkTracker } from './tracker.js';
import { Webhook } from './webhook.js';

/** Counts since DIR was first used (the journal's replayed events included), for reports. */
export interface MonitorCounts {
  events: number;
  posts: number;
  badFrames: number;
  ticks: number;
  /** Ticks that reused the last detection's networks (tick.ts). */
  unchanged: number;
  alerts: number;
  /** Networks at the last tick. */
  networks: number;
  cases: number;
  workspaceErrors: number;
  /** The newest event time (Unix seconds), NaN before the first event. */
  lastTime: number;
}

/**
 * What the last detection saw, so a tick over the same posts reuses its networks (exactly what a
 * detection would return: the same posts give the same result).
 */
export interface LastDetection {
  T: number;
  start: number;
  networks: Network[];
  /** detect's whole result when it ran on the window's columns (not a caller's own detector). */
  result?: DetectionResult;
}

/** Wall-clock and CPU spent in ticks, and when the first and last new events arrived (performance.now ms). */
export interface TickClock {
  detectMs: number;
  detectCpuUs: number;
  slowestTickMs: number;
  firstEvent: number;
  lastEvent: number;
}

export interface MonitorState {
  readonly o: MonitorOptions;
  /** Window and tick period, seconds of event time. */
  readonly W: number;
  readonly every: number;
  readonly now: () => number;
  /** `now` as an ISO string, for `detected_at` and files' times. */
  readonly isoNow: () => string;
  readonly out: OutDir;
  readonly journal: Journal;
  readonly detectOptions: Omit<DetectOptions, 'onProgress'>;
  readonly window: WindowActions;
  readonly tracker: NetworkTracker;
  readonly cadence: TickCadence;
  readonly dedupe: Dedupe;
  /** Where cursor.json said the last run stopped: merged into `dedupe` after the journal's replay. */
  readonly savedMark: Mark | undefined;
  /** Handles announced by accounts (Jetstream identity events), for networks.json. */
  readonly handles: Map<string, string>;
  readonly webhook: Webhook | undefined;
  readonly counts: MonitorCounts;
  readonly last: LastDetection;
  readonly clock: TickClock;
  /** The first few bad frames, for stats.json. */
  readonly badSamples: { reason: string; raw: string }[];
  /** A post arrived since the last detection. */
  changed: boolean;
  /** The journal is being replayed: the watchlist rebuilds its baselines without re-alerting spikes. */
  replaying: boolean;
  /** The next boundary (a multiple of `every`) and the last tick's event time, saved in cursor.json. */
  nextTick: number | undefined;
  lastTick: number | undefined;
  lastTickInfo: HealthSnapshot['last_tick'];
  /** Wall clock (`now`) of the last new event, NaN before one. */
  lastEventWall: number;
}

/** The source's kind ("jetstream", "ndjson", …): cursor.json holds it so DIR is not reused by another kind. */
export function sourceKind(source: LiveSource): string {
  return source.label.split(' ')[0]!;
}

/** Opens DIR (refusing one left by another kind of source) with what the last run there saved. */
export function openMonitorState(o: MonitorOptions): MonitorState {
  const W = o.windowSeconds ?? DEFAULT_MONITOR_WINDOW;
  const now = o.now ?? Date.now;
  const isoNow = (): string => new Date(now()).toISOString();
  const out = new OutDir(o.out);
  const saved = out.readCursor();
  if (saved && saved.source !== sourceKind(o.source))
    throw new LockstepError(
      'ERR_USAGE',
      `${o.out} holds the state of a ${saved.source} monitor; use another --out for this source`,
      { option: '--out' },
    );
  const journal = new Journal(o.out, Math.max(60, Math.ceil(W / 8)));
  const detectOptions = o.detect ?? {};
  // Post objects are kept only for a caller's own detector (tests); detection reads the columns.
  const window = WindowActions.forDetect(detectOptions, o.detector !== undefined, o.objectCacheBytes ?? 0);
  const stored = out.readNetworkAlerts();
  const tracker = new NetworkTracker(stored);
  for (const problem of o.workspace?.adopt(stored.map((a) => a.raw)) ?? [])
    o.onWarning?.(`monitor: workspace: ${problem} in alerts.ndjson (no case will be opened for it)`);
  const cadence = new TickCadence(o.detectShare, W);
  cadence.foldedFrom = saved?.folded_from ?? undefined;
  return {
    o,
    W,
    every: o.everySeconds ?? DEFAULT_MONITOR_EVERY,
    now,
    isoNow,
    out,
    journal,
    detectOptions,
    window,
    tracker,
    cadence,
    dedupe: new Dedupe(),
    savedMark: saved && { pos: saved.pos, keys: saved.keys },
    handles: new Map(),
    webhook: o.webhook
      ? new Webhook({
          ...o.webhook,
          onFailed: (body, reason) => {
            out.appendWebhookFailed(body, reason, isoNow());
          },
        })
      : undefined,
    counts: {
      events: 0,
      posts: 0,
      badFrames: 0,
      ticks: 0,
      unchanged: 0,
      alerts: 0,
      networks: 0,
      cases: 0,
      workspaceErrors: 0,
      lastTime: NaN,
    },
    last: { T: NaN, start: NaN, networks: [] },
    clock: { detectMs: 0, detectCpuUs: 0, slowestTickMs: 0, firstEvent: NaN, lastEvent: NaN },
    badSamples: [],
    changed: true,
    replaying: true,
    nextTick: saved?.next_tick ?? undefined,
    lastTick: saved?.last_tick ?? undefined,
    lastTickInfo: null,
    lastEventWall: NaN,
  };
}
