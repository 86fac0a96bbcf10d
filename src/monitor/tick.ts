/**
 * A monitor tick at boundary T (event time): detection over the window (S, T] — or the last networks
 * again when the window holds the same posts —, the tracker's lasting ids and alerts, the alerts to
 * alerts.ndjson, the webhook and the workspace, networks.json, and the journal pruned to what later
 * ticks and pending alerts need. A boundary folded while detection must wait (tick-cadence.ts) only
 * expires what leaves every window it may still be part of. Cost: one `detect` over the window, or
 * nothing when it is unchanged; the journal is re-read only for alerting ticks with `--db`.
 */
import { detectWindow } from './detect-window.js';
import type { MonitorState } from './monitor-state.js';
import { networksDoc } from './out-dir.js';
import type { StopConditions } from './stop-conditions.js';
import { PENDING_LIMIT_SECONDS } from './workspace-pending.js';
import { recordTick } from './workspace-feed.js';

/** The first boundary (a multiple of `every` seconds) at or after t. */
export function alignUp(st: MonitorState, t: number): number {
  return Math.ceil(t / st.every) * st.every;
}

/**
 * The journal keeps the window of the next tick (folded boundaries' windows included) and the oldest
 * pending alert's window (≤ PENDING_LIMIT_SECONDS more than W).
 */
function pruneBefore(st: MonitorState, T: number, start: number): number {
  return Math.min(start, Math.max(st.o.workspace?.pendingFrom ?? Infinity, T - st.W - PENDING_LIMIT_SECONDS));
}

export async function tick(st: MonitorState, stop: StopConditions, T: number): Promise<void> {
  const { o, window, last, counts } = st;
  stop.pauseIdle();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  // (S, T]: the window, or more when boundaries were folded since the last tick (tick-cadence.ts).
  const S = st.cadence.windowStart(T, st.W);
  // Unchanged: nothing arrived, and nothing left the window, since the last detection.
  const unchanged = !st.changed && T >= last.T && window.count(last.start, S) === 0;
  window.expire(S);
  let networks = last.networks;
  if (unchanged) counts.unchanged++;
  else if (o.detector) {
    networks = await o.detector(window.posts(S, T), st.detectOptions);
    last.result = undefined;
  } else {
    last.result = await detectWindow(window, S, T, st.detectOptions, true);
    networks = last.result?.networks ?? [];
  }
  last.T = T;
  last.start = S;
  last.networks = networks;
  st.changed = false;
  o.onTick?.(T, networks, S);
  const detectedAt = st.isoNow();
  const { alerts, current } = st.tracker.update(networks, {
    detectedAt,
    eventTime: T,
    windowStart: S,
  });
  if (o.watchlist)
    for (const a of alerts) {
      const watched = o.watchlist.watched(a.members);
      if (watched.length > 0) a.watched = watched;
    }
  // The window is on disk before its alerts are: a pending alert's case is opened from it.
  if (alerts.length > 0) st.journal.flush();
  st.out.appendAlerts(alerts);
  for (const a of alerts) st.webhook?.send(a);
  await recordTick(st, alerts, current, S, T);
  st.out.writeNetworks(networksDoc(current, detectedAt, T, S, window.count(S, T), st.handles));
  st.journal.prune(pruneBefore(st, T, T - st.W));
  counts.ticks++;
  counts.alerts += alerts.length;
  counts.networks = current.length;
  st.lastTick = T;
  const ms = performance.now() - t0;
  st.lastTickInfo = {
    event_time: new Date(Math.round(T * 1000)).toISOString(),
    detected_at: detectedAt,
    duration_ms: Math.round(ms),
  };
  const clock = st.clock;
  clock.detectMs += ms;
  const c = process.cpuUsage(c0);
  clock.detectCpuUs += c.user + c.system;
  clock.slowestTickMs = Math.max(clock.slowestTickMs, ms);
  st.cadence.ran(t0, t0 + ms);
  stop.armIdle();
}

/**
 * A boundary folded while detection must wait: its window stays for the next tick (which starts a
 * window before the first folded boundary); only what is older than that leaves.
 */
export function deferTick(st: MonitorState, T: number): void {
  const S = st.cadence.windowStart(T, st.W);
  if (!st.changed && st.window.count(st.last.start, S) > 0) st.changed = true;
  st.window.expire(S);
  st.journal.prune(pruneBefore(st, T, S));
}
