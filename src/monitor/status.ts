/**
 * What the monitor says about itself while it runs: the status line (stderr in the CLI: events/s,
 * lag, window, networks, alerts, bad frames, duplicates, folded detections, alerts waiting for their
 * case) and the health endpoint's snapshot (health.ts serves it). Each keeps its own events/s
 * measure: the status line's over the time since the last line, the endpoint's over the last few
 * seconds, remeasured at most once a second.
 */
import type { HealthSnapshot } from './health.js';
import type { MonitorState } from './monitor-state.js';

/** The endpoint says 'stale' after this many seconds without a new event, unless told otherwise. */
const DEFAULT_STALE_SECONDS = 300;

export class MonitorStatus {
  readonly #st: MonitorState;
  #lineFrom: { t: number; events: number };
  #healthRate: { t: number; events: number; rate: number };

  constructor(st: MonitorState, startedAt: number) {
    this.#st = st;
    this.#lineFrom = { t: startedAt, events: st.counts.events };
    this.#healthRate = { t: startedAt, events: st.counts.events, rate: 0 };
  }

  /** The status line; events/s over the time since the last line. */
  line(): string {
    const { counts, o } = this.#st;
    const t = this.#st.now();
    const rate = ((counts.events - this.#lineFrom.events) * 1000) / Math.max(1, t - this.#lineFrom.t);
    this.#lineFrom = { t, events: counts.events };
    const lag = Number.isFinite(counts.lastTime) ? `${(t / 1000 - counts.lastTime).toFixed(1)} s` : '–';
    const deferred = this.#st.cadence.deferred;
    return (
      `monitor: ${counts.events} events (${Math.round(rate)}/s) · lag ${lag} · window ${this.#st.window.size} posts · ` +
      `${counts.networks} networks · ${counts.alerts} alerts · ${counts.badFrames} bad frames · ${this.#st.dedupe.duplicates} duplicates` +
      (deferred > 0 ? ` · ${deferred} detections folded (catching up)` : '') +
      ((o.workspace?.pending ?? 0) > 0 ? ` · ${o.workspace?.pending} alerts wait for their case` : '')
    );
  }

  /** GET /health's body. */
  snapshot(): HealthSnapshot {
    const st = this.#st;
    const { counts, o } = st;
    const t = st.now();
    if (t - this.#healthRate.t >= 1000)
      this.#healthRate = {
        t,
        events: counts.events,
        rate: ((counts.events - this.#healthRate.events) * 1000) / (t - this.#healthRate.t),
      };
    const idle = Number.isNaN(st.lastEventWall) ? null : (t - st.lastEventWall) / 1000;
    const staleAfter = o.health?.staleSeconds ?? DEFAULT_STALE_SECONDS;
    return {
      status: idle === null ? 'starting' : idle > staleAfter ? 'stale' : 'ok',
      events: counts.events,
      events_per_second: Math.round(this.#healthRate.rate),
      lag_seconds: Number.isFinite(counts.lastTime)
        ? Math.round((t / 1000 - counts.lastTime) * 10) / 10
        : null,
      idle_seconds: idle === null ? null : Math.round(idle * 10) / 10,
      last_tick: st.lastTickInfo,
      window_posts: st.window.size,
      journal_bytes: st.journal.bytes(),
      networks: counts.networks,
      alerts: counts.alerts,
      bad_frames: counts.badFrames,
      duplicates: st.dedupe.duplicates,
      ...(st.webhook ? { webhook: { ...st.webhook.stats } } : {}),
      ...(o.workspace
        ? { workspace: { cases: counts.cases, errors: counts.workspaceErrors, pending: o.workspace.pending } }
        : {}),
    };
  }
}
