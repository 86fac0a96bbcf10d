/**
 * The monitor's side of `--db` (workspace-sink.ts): an alerting tick's run and cases handed to the
 * sink, pending alerts' cases opened later from their windows detected again from the journal, and a
 * refusing store counted and said — never a stop. The window's posts are decoded again from the
 * journal (which holds exactly the accepted events) rather than kept in memory per post: only
 * alerting ticks and pending alerts pay for it.
 */
import type { Post } from '../core/post.js';
import { WindowActions } from '../detect/index.js';
import { detectWindow } from './detect-window.js';
import type { MonitorState } from './monitor-state.js';
import type { CurrentNetwork, NetworkAlert } from './tracker.js';
import type { DetectAgain } from './workspace-sink.js';

/** The accepted posts with time in (start, end], from the journal (flushed first). */
function* journalPosts(st: MonitorState, start: number, end: number): Generator<Post> {
  st.journal.flush();
  for (const line of st.journal.read()) {
    const item = st.o.source.decode(line.raw, line.pos);
    if (item.bad !== undefined) continue;
    for (const p of item.posts) if (p.time > start && p.time <= end) yield p;
  }
}

/** A pending alert's window detected again from the journal (workspace-sink.ts `catchUp`). */
function detectAgain(st: MonitorState): DetectAgain {
  return async (start, end) => {
    const again = WindowActions.forDetect(st.detectOptions);
    for (const p of journalPosts(st, start, end)) again.push(p);
    const result = await detectWindow(again, start, end, st.detectOptions);
    return result && { result, posts: journalPosts(st, start, end) };
  };
}

/** A store that refused: counted and said; the alerts wait for their case (pending). */
function workspaceRefused(st: MonitorState, e: unknown): void {
  st.counts.workspaceErrors++;
  st.o.onWarning?.(
    `monitor: workspace: ${e instanceof Error ? e.message : String(e)} ` +
      `(${st.o.workspace?.pending ?? 0} alerts wait for their case; kept in alerts.ndjson)`,
  );
}

/** Opens pending alerts' cases: all of them at start, one window per tick after; never throws. */
export async function catchUp(st: MonitorState, T: number, all: boolean): Promise<void> {
  const sink = st.o.workspace;
  if (sink === undefined || st.o.detector !== undefined) return;
  const again = detectAgain(st);
  const warn = (l: string): void => st.o.onWarning?.(l);
  try {
    do st.counts.cases += await sink.catchUp(again, T, warn);
    while (all && sink.pending > 0);
  } catch (e) {
    workspaceRefused(st, e);
  }
}

/**
 * A tick's alerts as a workspace run with a case each (when detect's result is at hand: not with a
 * caller's own detector); then, if the store took them, cases it refused earlier.
 */
export async function recordTick(
  st: MonitorState,
  alerts: NetworkAlert[],
  current: CurrentNetwork[],
  S: number,
  T: number,
): Promise<void> {
  const sink = st.o.workspace;
  let recorded = true;
  if (sink && st.last.result && alerts.length > 0) {
    sink.raised(alerts);
    try {
      const r = await sink.record(
        st.last.result,
        journalPosts(st, S, T),
        { start: S, end: T },
        alerts,
        current,
      );
      st.counts.cases += r?.cases.length ?? 0;
    } catch (e) {
      recorded = false;
      workspaceRefused(st, e);
    }
  }
  // The store took this tick's cases: it may take the ones it refused earlier.
  if (recorded && (sink?.pending ?? 0) > 0) await catchUp(st, T, false);
}
