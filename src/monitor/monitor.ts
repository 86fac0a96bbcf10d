/**
 * `lockstep monitor`'s loop: a live source → de-duplication → the sliding window and the journal →
 * every `every` seconds of event time, `detect` over the window → networks with lasting ids and
 * alerts (tracker.ts) → DIR/alerts.ndjson, DIR/networks.json, DIR/cursor.json.
 *
 * Detection is window re-detection: each tick runs the batch `detect` (same options, same semantics,
 * lockstep mode by default) on exactly the posts with time in (T − window, T], so a tick's networks
 * equal a batch run over the same posts by construction, and the chance model sees the whole window as
 * its population, as it would in batch. Ticks fall on multiples of `every` (event time), so a replay
 * or a restart ticks at the same instants; a boundary may be folded into a later one when detection
 * would otherwise take more than `detectShare` of the wall clock (tick-cadence.ts) — that later tick's
 * window then starts a window before the first folded boundary, so it holds every folded boundary's
 * window —, and a boundary whose window holds exactly the posts of the previous tick's reuses its
 * networks. Each post is
 * encoded once, on arrival, into the window's action columns (detect's WindowActions), so a tick
 * starts from columns equal to what `detect` would collect and runs the stages after collecting
 * (`detectPrepared`). Memory: the window's encoded posts (their columns, ids, texts and profiles, not
 * their Post objects) and the journal's unflushed lines.
 *
 * Restart: the window is rebuilt from the journal, the source resumes after the saved high-water
 * position, and the tracker from alerts.ndjson, so nothing is lost or alerted twice (out-dir.ts,
 * journal.ts say why that holds after `kill -9`).
 */
import type { Post } from '../core/post.js';
import type { DetectionResult, Network } from '../core/result.js';
import { isLockstepError, LockstepError } from '../core/errors.js';
import { detectPrepared, WindowActions, type DetectOptions } from '../detect/index.js';
import { Dedupe } from './dedupe.js';
import { Journal } from './journal.js';
import { networksDoc, OutDir } from './out-dir.js';
import { startHealthServer, type HealthServer, type HealthSnapshot } from './health.js';
import type { LiveSource, SourceEvent } from './source.js';
import { Webhook, type WebhookOptions } from './webhook.js';
import type { SpikeAlert, Watchlist } from './watchlist.js';
import { NetworkTracker } from './tracker.js';
import { TickCadence } from './tick-cadence.js';
import type { DetectAgain, WorkspaceSink } from './workspace-sink.js';
import { PENDING_LIMIT_SECONDS } from './workspace-pending.js';

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

const BAD_SAMPLES = 5;
const FLUSH_MS = 250;

export async function runMonitor(o: MonitorOptions): Promise<MonitorSummary> {
  const W = o.windowSeconds ?? DEFAULT_MONITOR_WINDOW;
  const every = o.everySeconds ?? DEFAULT_MONITOR_EVERY;
  const now = o.now ?? Date.now;
  const out = new OutDir(o.out);
  const saved = out.readCursor();
  if (saved && saved.source !== o.source.label.split(' ')[0])
    throw new LockstepError(
      'ERR_USAGE',
      `${o.out} holds the state of a ${saved.source} monitor; use another --out for this source`,
      { option: '--out' },
    );
  const journal = new Journal(o.out, Math.max(60, Math.ceil(W / 8)));
  const detectOptions = o.detect ?? {};
  // Post objects are kept only for a caller's own detector (tests); detection reads the columns.
  const window = WindowActions.forDetect(detectOptions, o.detector !== undefined);
  const stored = out.readNetworkAlerts();
  const tracker = new NetworkTracker(stored);
  for (const problem of o.workspace?.adopt(stored.map((a) => a.raw)) ?? [])
    o.onWarning?.(`monitor: workspace: ${problem} in alerts.ndjson (no case will be opened for it)`);
  const cadence = new TickCadence(o.detectShare, W);
  const dedupe = new Dedupe();
  const handles = new Map<string, string>();
  const s = {
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
  };
  // What the last detection saw, so a tick over the same posts reuses its networks (exactly what a
  // detection would return: the same posts give the same result).
  const last: { T: number; start: number; networks: Network[]; result?: DetectionResult } = {
    T: NaN,
    start: NaN,
    networks: [],
  };
  let changed = true;
  const wall = { detectMs: 0, detectCpuUs: 0, slowestTickMs: 0, firstEvent: NaN, lastEvent: NaN };
  const badSamples: { reason: string; raw: string }[] = [];
  const webhook = o.webhook
    ? new Webhook({
        ...o.webhook,
        onFailed: (body, reason) => {
          out.appendWebhookFailed(body, reason, new Date(now()).toISOString());
        },
      })
    : undefined;
  let lastTickInfo: HealthSnapshot['last_tick'] = null;
  let lastEventWall = NaN;
  let nextTick = saved?.next_tick ?? undefined;
  let lastTick = saved?.last_tick ?? undefined;
  cadence.foldedFrom = saved?.folded_from ?? undefined;

  // Journal replay rebuilds the watchlist's baselines too, without re-alerting its spikes.
  let replaying = true;
  const detectedAtNow = (): string => new Date(now()).toISOString();
  const emitSpikes = (spikes: SpikeAlert[]): void => {
    if (replaying || spikes.length === 0) return;
    out.appendAlerts(spikes);
    for (const a of spikes) webhook?.send(a);
    s.alerts += spikes.length;
  };
  const addEvent = (e: SourceEvent): void => {
    s.events++;
    for (const p of e.posts) {
      window.push(p);
      changed = true;
      if (o.watchlist) emitSpikes(o.watchlist.add(p, detectedAtNow));
    }
    s.posts += e.posts.length;
    if (e.handle) handles.set(e.handle.account, e.handle.handle);
    if (Number.isFinite(e.time))
      s.lastTime = Math.max(Number.isFinite(s.lastTime) ? s.lastTime : e.time, e.time);
  };

  // Rebuild the window from the journal, then never re-accept what it holds or what the cursor passed.
  for (const line of journal.read()) {
    const item = o.source.decode(line.raw, line.pos);
    if (item.bad === undefined && item.duplicate !== true && dedupe.accept(item.pos, item.key))
      addEvent(item);
  }
  if (saved) dedupe.merge({ pos: saved.pos, keys: saved.keys });
  dedupe.duplicates = 0;
  const replayed = s.events;
  replaying = false;

  // Stop conditions: the caller's signal (SIGTERM), or no events for untilIdleSeconds.
  const stop = new AbortController();
  // Set from callbacks, so an object (a narrowed local would read as always 'end').
  const run: { stoppedBy: MonitorSummary['stoppedBy'] } = { stoppedBy: 'end' };
  const onAbort = (): void => {
    run.stoppedBy = 'signal';
    stop.abort();
  };
  o.signal?.addEventListener('abort', onAbort, { once: true });
  let idleTimer: NodeJS.Timeout | undefined;
  const armIdle = (): void => {
    if (o.untilIdleSeconds === undefined) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      // A source paging through history (a Mastodon backfill or catch-up) is silent, not idle.
      if (o.source.fetchingHistory?.() === true) {
        armIdle();
        return;
      }
      run.stoppedBy = 'idle';
      stop.abort();
    }, o.untilIdleSeconds * 1000);
  };
  armIdle();

  /**
   * The window's posts for the workspace's run pages, decoded again from the journal (which holds
   * exactly the accepted events) rather than kept in memory per post: only alerting ticks pay for it.
   */
  function* journalPosts(start: number, end: number): Generator<Post> {
    journal.flush();
    for (const line of journal.read()) {
      const item = o.source.decode(line.raw, line.pos);
      if (item.bad !== undefined) continue;
      for (const p of item.posts) if (p.time > start && p.time <= end) yield p;
    }
  }
  /** A pending alert's window detected again from the journal (workspace-sink.ts `catchUp`). */
  const detectAgain: DetectAgain = async (start, end) => {
    const again = WindowActions.forDetect(detectOptions);
    for (const p of journalPosts(start, end)) again.push(p);
    const result = await detectWindow(again, start, end, detectOptions);
    return result && { result, posts: journalPosts(start, end) };
  };
  /** A store that refused: counted and said; the alerts wait for their case (pending). */
  const workspaceRefused = (e: unknown): void => {
    s.workspaceErrors++;
    o.onWarning?.(
      `monitor: workspace: ${e instanceof Error ? e.message : String(e)} ` +
        `(${o.workspace?.pending ?? 0} alerts wait for their case; kept in alerts.ndjson)`,
    );
  };
  /** Opens pending alerts' cases: all of them at start, one window per tick after; never throws. */
  const catchUp = async (T: number, all: boolean): Promise<void> => {
    const sink = o.workspace;
    if (sink === undefined || o.detector !== undefined) return;
    const warn = (l: string): void => o.onWarning?.(l);
    try {
      do s.cases += await sink.catchUp(detectAgain, T, warn);
      while (all && sink.pending > 0);
    } catch (e) {
      workspaceRefused(e);
    }
  };
  /**
   * The journal keeps the window of the next tick (folded boundaries' windows included) and the oldest
   * pending alert's window (≤ PENDING_LIMIT_SECONDS more than W).
   */
  const pruneBefore = (T: number, start: number): number =>
    Math.min(start, Math.max(o.workspace?.pendingFrom ?? Infinity, T - W - PENDING_LIMIT_SECONDS));
  await catchUp(Number.isFinite(s.lastTime) ? s.lastTime : 0, true);

  const tick = async (T: number): Promise<void> => {
    // Idle means the source is silent, not that detection is busy: frames queue meanwhile.
    clearTimeout(idleTimer);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    // (S, T]: the window, or more when boundaries were folded since the last tick (tick-cadence.ts).
    const S = cadence.windowStart(T, W);
    // Unchanged: nothing arrived, and nothing left the window, since the last detection.
    const unchanged = !changed && T >= last.T && window.count(last.start, S) === 0;
    window.expire(S);
    let networks = last.networks;
    if (unchanged) s.unchanged++;
    else if (o.detector) {
      networks = await o.detector(window.posts(S, T), detectOptions);
      last.result = undefined;
    } else {
      last.result = await detectWindow(window, S, T, detectOptions, true);
      networks = last.result?.networks ?? [];
    }
    last.T = T;
    last.start = S;
    last.networks = networks;
    changed = false;
    o.onTick?.(T, networks, S);
    const detectedAt = new Date(now()).toISOString();
    const { alerts, current } = tracker.update(networks, { detectedAt, eventTime: T, windowStart: S });
    if (o.watchlist)
      for (const a of alerts) {
        const watched = o.watchlist.watched(a.members);
        if (watched.length > 0) a.watched = watched;
      }
    // The window is on disk before its alerts are: a pending alert's case is opened from it.
    if (alerts.length > 0) journal.flush();
    out.appendAlerts(alerts);
    for (const a of alerts) webhook?.send(a);
    let recorded = true;
    if (o.workspace && last.result && alerts.length > 0) {
      o.workspace.raised(alerts);
      try {
        const r = await o.workspace.record(
          last.result,
          journalPosts(S, T),
          { start: S, end: T },
          alerts,
          current,
        );
        s.cases += r?.cases.length ?? 0;
      } catch (e) {
        recorded = false;
        workspaceRefused(e);
      }
    }
    // The store took this tick's cases: it may take the ones it refused earlier.
    if (recorded && (o.workspace?.pending ?? 0) > 0) await catchUp(T, false);
    out.writeNetworks(networksDoc(current, detectedAt, T, S, window.count(S, T), handles));
    journal.prune(pruneBefore(T, T - W));
    s.ticks++;
    s.alerts += alerts.length;
    s.networks = current.length;
    lastTick = T;
    const ms = performance.now() - t0;
    lastTickInfo = {
      event_time: new Date(Math.round(T * 1000)).toISOString(),
      detected_at: detectedAt,
      duration_ms: Math.round(ms),
    };
    wall.detectMs += ms;
    const c = process.cpuUsage(c0);
    wall.detectCpuUs += c.user + c.system;
    wall.slowestTickMs = Math.max(wall.slowestTickMs, ms);
    cadence.ran(t0, t0 + ms);
    armIdle();
  };
  /**
   * A boundary folded while detection must wait: its window stays for the next tick (which starts a
   * window before the first folded boundary); only what is older than that leaves.
   */
  const defer = (T: number): void => {
    const S = cadence.windowStart(T, W);
    if (!changed && window.count(last.start, S) > 0) changed = true;
    window.expire(S);
    journal.prune(pruneBefore(T, S));
  };
  const alignUp = (t: number): number => Math.ceil(t / every) * every;

  const checkpoint = (): void => {
    journal.flush();
    const mark = dedupe.mark();
    if (mark === undefined) return;
    out.writeCursor({
      version: 1,
      source: o.source.label.split(' ')[0]!,
      pos: mark.pos,
      keys: mark.keys,
      next_tick: nextTick ?? null,
      last_tick: lastTick ?? null,
      ...(cadence.foldedFrom === undefined ? {} : { folded_from: cadence.foldedFrom }),
      events: s.events,
      updated_at: new Date(now()).toISOString(),
    });
    out.writeStats({
      events: s.events,
      posts: s.posts,
      duplicates: dedupe.duplicates,
      bad_frames: s.badFrames,
      bad_frame_samples: badSamples,
      ticks: s.ticks,
      alerts: s.alerts,
    });
  };

  const startedAt = now();
  let rateFrom = { t: startedAt, events: s.events };
  const status = (): void => {
    const t = now();
    const rate = ((s.events - rateFrom.events) * 1000) / Math.max(1, t - rateFrom.t);
    rateFrom = { t, events: s.events };
    const lag = Number.isFinite(s.lastTime) ? `${(t / 1000 - s.lastTime).toFixed(1)} s` : '–';
    o.onStatus?.(
      `monitor: ${s.events} events (${Math.round(rate)}/s) · lag ${lag} · window ${window.size} posts · ` +
        `${s.networks} networks · ${s.alerts} alerts · ${s.badFrames} bad frames · ${dedupe.duplicates} duplicates` +
        (cadence.deferred > 0 ? ` · ${cadence.deferred} detections folded (catching up)` : '') +
        ((o.workspace?.pending ?? 0) > 0 ? ` · ${o.workspace?.pending} alerts wait for their case` : ''),
    );
  };
  // events/s for the health endpoint: over the last few seconds, remeasured at most once a second.
  let healthRate = { t: startedAt, events: s.events, rate: 0 };
  const snapshot = (): HealthSnapshot => {
    const t = now();
    if (t - healthRate.t >= 1000)
      healthRate = {
        t,
        events: s.events,
        rate: ((s.events - healthRate.events) * 1000) / (t - healthRate.t),
      };
    const idle = Number.isNaN(lastEventWall) ? null : (t - lastEventWall) / 1000;
    const staleAfter = o.health?.staleSeconds ?? 300;
    return {
      status: idle === null ? 'starting' : idle > staleAfter ? 'stale' : 'ok',
      events: s.events,
      events_per_second: Math.round(healthRate.rate),
      lag_seconds: Number.isFinite(s.lastTime) ? Math.round((t / 1000 - s.lastTime) * 10) / 10 : null,
      idle_seconds: idle === null ? null : Math.round(idle * 10) / 10,
      last_tick: lastTickInfo,
      window_posts: window.size,
      journal_bytes: journal.bytes(),
      networks: s.networks,
      alerts: s.alerts,
      bad_frames: s.badFrames,
      duplicates: dedupe.duplicates,
      ...(webhook ? { webhook: { ...webhook.stats } } : {}),
      ...(o.workspace
        ? { workspace: { cases: s.cases, errors: s.workspaceErrors, pending: o.workspace.pending } }
        : {}),
    };
  };
  let health: HealthServer | undefined;
  if (o.health) {
    health = await startHealthServer({ port: o.health.port, host: o.health.host, snapshot });
    o.health.onListening?.(health.url);
  }
  const statusTimer = o.onStatus ? setInterval(status, o.statusMs ?? 5000) : undefined;
  statusTimer?.unref();

  let lastFlush = now();
  const resume = dedupe.mark()?.pos;
  try {
    for await (const batch of o.source.items(resume, stop.signal)) {
      let fresh = 0;
      for (const item of batch) {
        if (item.bad !== undefined) {
          s.badFrames++;
          if (badSamples.length < BAD_SAMPLES)
            badSamples.push({ reason: item.bad, raw: item.raw.slice(0, 300) });
          continue;
        }
        if (item.duplicate === true) {
          dedupe.duplicates++;
          continue;
        }
        if (!dedupe.isNew(item.pos, item.key)) {
          dedupe.duplicates++;
          continue;
        }
        fresh++;
        if (Number.isFinite(item.time)) {
          if (nextTick === undefined) nextTick = alignUp(item.time);
          else if (item.time > nextTick) {
            if (cadence.due(nextTick, performance.now())) await tick(nextTick);
            else defer(nextTick);
            nextTick = alignUp(item.time);
          }
        }
        // Remembered only now, with the event in the window and the journal: had the tick above
        // thrown, the cursor saved on the way out would have skipped an event never journaled.
        dedupe.accept(item.pos, item.key);
        addEvent(item);
        if (item.posts.length > 0 || item.handle)
          journal.append(item.time, item.pos, item.raw, item.rawBytes);
      }
      if (fresh > 0) {
        lastEventWall = now();
        armIdle();
        wall.lastEvent = performance.now();
        if (Number.isNaN(wall.firstEvent)) wall.firstEvent = wall.lastEvent;
      }
      if (now() - lastFlush >= FLUSH_MS) {
        checkpoint();
        lastFlush = now();
      }
    }
    // The end of a finite source or an idle stream: detect over the window up to the last event.
    if (
      run.stoppedBy !== 'signal' &&
      Number.isFinite(s.lastTime) &&
      s.events > 0 &&
      lastTick !== s.lastTime
    ) {
      await tick(s.lastTime);
      nextTick = alignUp(s.lastTime + 1e-9);
    }
  } finally {
    clearTimeout(idleTimer);
    if (statusTimer) clearInterval(statusTimer);
    o.signal?.removeEventListener('abort', onAbort);
    checkpoint();
    // Alerts already written to alerts.ndjson are not re-sent after a restart: give the queue a moment.
    await webhook?.close(o.signal?.aborted === true ? 5000 : 30_000);
    await health?.close();
  }
  status();
  return {
    events: s.events - replayed,
    posts: s.posts,
    duplicates: dedupe.duplicates,
    badFrames: s.badFrames,
    ticks: s.ticks,
    deferredTicks: cadence.deferred,
    unchangedTicks: s.unchanged,
    alerts: s.alerts,
    networks: s.networks,
    cases: s.cases,
    workspaceErrors: s.workspaceErrors,
    workspacePending: o.workspace?.pending ?? 0,
    stoppedBy: run.stoppedBy,
    detectMs: Math.round(wall.detectMs),
    detectCpuMs: Math.round(wall.detectCpuUs / 1000),
    slowestTickMs: Math.round(wall.slowestTickMs),
    streamMs: Number.isNaN(wall.firstEvent) ? 0 : Math.round(wall.lastEvent - wall.firstEvent),
  };
}

/**
 * `detect` over the posts with time in (start, end], from the window's columns (each post encoded
 * once, on arrival); a window detect cannot read (no posts, no behaviour) has no result. A tick reads
 * only the networks unless there are some (its result goes to the workspace with its alerts), so it
 * skips account signals when there are none (`networksOnly`).
 */
async function detectWindow(
  window: WindowActions,
  start: number,
  end: number,
  options: Omit<DetectOptions, 'onProgress'>,
  networksOnly = false,
): Promise<DetectionResult | undefined> {
  const prepared = window.prepare(start, end);
  if (prepared.columns.count === 0) return undefined;
  try {
    return await detectPrepared({ ...prepared, networksOnly }, options);
  } catch (e) {
    if (
      isLockstepError(e) &&
      (e.code === 'ERR_DETECT_NO_INPUT' || e.code === 'ERR_DETECT_BEHAVIOUR_UNSUPPORTED')
    )
      return undefined;
    throw e;
  }
}
