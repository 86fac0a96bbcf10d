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
 * networks. Each post is encoded once, on arrival, into the window's action columns (detect's
 * WindowActions), so a tick starts from columns equal to what `detect` would collect and runs the
 * stages after collecting (`detectPrepared`). Memory: the window's encoded posts (their columns, ids, texts and profiles, not
 * their Post objects) and the journal's unflushed lines.
 *
 * Restart: the window is rebuilt from the journal, the source resumes after the saved high-water
 * position, and the tracker from alerts.ndjson, so nothing is lost or alerted twice (out-dir.ts,
 * journal.ts say why that holds after `kill -9`).
 *
 * The loop's parts take its state (monitor-state.ts) as an argument: intake.ts (events in, journal
 * replay), tick.ts (a tick, a folded boundary), workspace-feed.ts (`--db`), checkpoint.ts (cursor.json,
 * stats.json), status.ts (status line, health snapshot), stop-conditions.ts (signal, --until-idle).
 */
import { checkpoint } from './checkpoint.js';
import { startHealthServer, type HealthServer } from './health.js';
import { replayJournal, takeBatch } from './intake.js';
import type { MonitorOptions, MonitorSummary } from './monitor-options.js';
import { openMonitorState, type MonitorState } from './monitor-state.js';
import { MonitorStatus } from './status.js';
import { StopConditions } from './stop-conditions.js';
import { alignUp, tick } from './tick.js';
import { catchUp } from './workspace-feed.js';

/** The cursor is saved at most this often (wall-clock ms) while events arrive. */
const FLUSH_MS = 250;

export async function runMonitor(o: MonitorOptions): Promise<MonitorSummary> {
  const st = openMonitorState(o);
  const replayed = replayJournal(st);
  const stop = new StopConditions(o);
  const { counts } = st;
  await catchUp(st, Number.isFinite(counts.lastTime) ? counts.lastTime : 0, true);

  const status = new MonitorStatus(st, st.now());
  let health: HealthServer | undefined;
  if (o.health) {
    health = await startHealthServer({
      port: o.health.port,
      host: o.health.host,
      snapshot: () => status.snapshot(),
    });
    o.health.onListening?.(health.url);
  }
  const statusTimer = o.onStatus
    ? setInterval(() => o.onStatus?.(status.line()), o.statusMs ?? 5000)
    : undefined;
  statusTimer?.unref();

  let lastFlush = st.now();
  const resume = st.dedupe.mark()?.pos;
  try {
    for await (const batch of o.source.items(resume, stop.signal)) {
      await takeBatch(st, stop, batch);
      if (st.now() - lastFlush >= FLUSH_MS) {
        checkpoint(st);
        lastFlush = st.now();
      }
    }
    // The end of a finite source or an idle stream: detect over the window up to the last event.
    if (
      stop.stoppedBy !== 'signal' &&
      Number.isFinite(counts.lastTime) &&
      counts.events > 0 &&
      st.lastTick !== counts.lastTime
    ) {
      await tick(st, stop, counts.lastTime);
      st.nextTick = alignUp(st, counts.lastTime + 1e-9);
    }
  } finally {
    stop.dispose();
    if (statusTimer) clearInterval(statusTimer);
    checkpoint(st);
    // Alerts already written to alerts.ndjson are not re-sent after a restart: give the queue a moment.
    await st.webhook?.close(o.signal?.aborted === true ? 5000 : 30_000);
    await health?.close();
  }
  o.onStatus?.(status.line());
  return summary(st, replayed, stop.stoppedBy);
}

/** The run's summary: events new to this run (the journal's replayed ones left out), time in ticks. */
function summary(st: MonitorState, replayed: number, stoppedBy: MonitorSummary['stoppedBy']): MonitorSummary {
  const { counts, clock } = st;
  return {
    events: counts.events - replayed,
    posts: counts.posts,
    duplicates: st.dedupe.duplicates,
    badFrames: counts.badFrames,
    ticks: counts.ticks,
    deferredTicks: st.cadence.deferred,
    unchangedTicks: counts.unchanged,
    alerts: counts.alerts,
    networks: counts.networks,
    cases: counts.cases,
    workspaceErrors: counts.workspaceErrors,
    workspacePending: st.o.workspace?.pending ?? 0,
    stoppedBy,
    detectMs: Math.round(clock.detectMs),
    detectCpuMs: Math.round(clock.detectCpuUs / 1000),
    slowestTickMs: Math.round(clock.slowestTickMs),
    streamMs: Number.isNaN(clock.firstEvent) ? 0 : Math.round(clock.lastEvent - clock.firstEvent),
  };
}
