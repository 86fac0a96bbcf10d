/**
 * What `runMonitor` (monitor.ts) takes and returns: its options, with their defaults, and the summary
 * of a run. Kept apart from the loop so the CLI, tests and benches name them without the loop's parts.
 */
import type { Post } from '../core/post.js';
import type { Network } from '../core/result.js';
import type { DetectOptions } from '../detect/index.js';
import type { LiveSource } from './source.js';
import type { WebhookOptions } from './webhook.js';
import type { Watchlist } from './watchlist.js';
import type { WorkspaceSink } from './workspace-sink.js';

export const DEFAULT_MONITOR_WINDOW = 3 * 3600;
export const DEFAULT_MONITOR_EVERY = 60;

export interface MonitorOptions {
  out: string;
  source: LiveSource;
  windowSeconds?: number;
  everySeconds?: number;
  /**
   * At most this share of the wall clock goes to detection (tick-cadence.ts); boundaries crossed
   * meanwhile are folded into a later one. Default 0.5; 1 detects at every boundary (reproducible).
   */
  detectShare?: number;
  /** Stop (exit 0) after this many wall-clock seconds without events. */
  untilIdleSeconds?: number;
  detect?: Omit<DetectOptions, 'onProgress'>;
  /**
   * Bytes lockstep's per-object counting cache may hold across ticks (engine/object-cache.ts; CLI
   * `--object-cache MB`). Default 0, none: on the bench stream it reused 0.5 % of a tick's actions.
   */
  objectCacheBytes?: number;
  /** Stops the monitor gracefully (journal flushed, cursor saved), as SIGTERM does. */
  signal?: AbortSignal;
  /** A status line (events/s, lag, window) every `statusMs` (default 5000). */
  onStatus?: (line: string) => void;
  /** What went wrong without stopping the monitor (the workspace refused a run or case). */
  onWarning?: (line: string) => void;
  statusMs?: number;
  /** Wall clock, for `detected_at` and lag. */
  now?: () => number;
  /** POST every alert, signed, to this webhook (webhook.ts); undeliverable ones go to DIR/webhook-failed.ndjson. */
  webhook?: Omit<WebhookOptions, 'onFailed'>;
  /** Serve GET /health on this port (0: any free one) and host (default 127.0.0.1); health.ts. */
  health?: { port: number; host?: string; staleSeconds?: number; onListening?: (url: string) => void };
  /** Watched accounts, hashtags, domains, URLs, keywords: spike alerts, and watched members named on network alerts. */
  watchlist?: Watchlist;
  /**
   * Import alerting ticks into the workspace as runs and open a case per network alert
   * (workspace-sink.ts). A failure there is reported on the status line and never stops monitoring.
   */
  workspace?: WorkspaceSink;
  /**
   * Called after each detection with its event time, networks and window start: the window is
   * (windowStart, eventTime], windowStart = eventTime − W unless boundaries were folded (tests compare
   * them with batch).
   */
  onTick?: (eventTime: number, networks: Network[], windowStart: number) => void;
  /** The window's networks; default `detect`'s. Tests pass a slow or counting one. */
  detector?: (posts: Post[], options: Omit<DetectOptions, 'onProgress'>) => Promise<Network[]>;
}

export interface MonitorSummary {
  events: number;
  posts: number;
  duplicates: number;
  badFrames: number;
  ticks: number;
  /** Boundaries folded into a later tick (detection busy), and ticks that reused the last networks. */
  deferredTicks: number;
  unchangedTicks: number;
  alerts: number;
  networks: number;
  /**
   * Cases opened in the workspace (`workspace`), attempts the workspace refused, and alerts still
   * without their case at the end (opened by the next run over the same --out).
   */
  cases: number;
  workspaceErrors: number;
  workspacePending: number;
  stoppedBy: 'end' | 'idle' | 'signal';
  /** Wall-clock ms spent in detection (all ticks), and in the slowest tick. */
  detectMs: number;
  /**
   * CPU ms (user + sys, all threads) while ticks ran: detection's worker threads included, and what the
   * event loop ran during a tick's awaits (frames received meanwhile); wall time measures the machine's
   * load, this the work (bench/monitor-throughput.ts splits an event's cost with it).
   */
  detectCpuMs: number;
  slowestTickMs: number;
  /** Wall-clock ms from the first new event to the last (throughput = events / streamMs). */
  streamMs: number;
}
