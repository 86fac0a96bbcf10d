/**
 * Events into the monitor. A live batch's items are sorted into bad frames (counted, a few kept as
 * samples), repeats (counted) and new events; a new event past the next boundary first ticks, or folds
 * the boundary when detection must wait (tick.ts), so every tick sees exactly the events before it.
 * A new event's posts go to the window (and the watchlist, whose spikes are alerted at once) and its raw
 * text to the journal; on restart the journal is replayed into the window the same way, without
 * re-alerting. Cost per event: a de-duplication check, the window's encoding of its posts, one
 * journal append.
 */
import type { MonitorState } from './monitor-state.js';
import type { SourceEvent, SourceItem } from './source.js';
import type { StopConditions } from './stop-conditions.js';
import { alignUp, deferTick, tick } from './tick.js';
import type { SpikeAlert } from './watchlist.js';

/** Bad frames kept as samples in stats.json. */
const BAD_SAMPLES = 5;

/** A watched item's spikes: to alerts.ndjson and the webhook, except while the journal is replayed. */
function emitSpikes(st: MonitorState, spikes: SpikeAlert[]): void {
  if (st.replaying || spikes.length === 0) return;
  st.out.appendAlerts(spikes);
  for (const a of spikes) st.webhook?.send(a);
  st.counts.alerts += spikes.length;
}

/** An accepted event's posts into the window and the watchlist, its handle and time into the counts. */
function addEvent(st: MonitorState, e: SourceEvent): void {
  const counts = st.counts;
  counts.events++;
  for (const p of e.posts) {
    st.window.push(p);
    st.changed = true;
    if (st.o.watchlist) emitSpikes(st, st.o.watchlist.add(p, st.isoNow));
  }
  counts.posts += e.posts.length;
  if (e.handle) st.handles.set(e.handle.account, e.handle.handle);
  if (Number.isFinite(e.time))
    counts.lastTime = Math.max(Number.isFinite(counts.lastTime) ? counts.lastTime : e.time, e.time);
}

/**
 * Rebuilds the window from the journal, then never re-accepts what it holds or what the saved cursor
 * passed. Returns the events replayed (the summary counts only new ones).
 */
export function replayJournal(st: MonitorState): number {
  const { dedupe, o } = st;
  for (const line of st.journal.read()) {
    const item = o.source.decode(line.raw, line.pos);
    if (item.bad === undefined && item.duplicate !== true && dedupe.accept(item.pos, item.key))
      addEvent(st, item);
  }
  if (st.savedMark) dedupe.merge(st.savedMark);
  dedupe.duplicates = 0;
  st.replaying = false;
  return st.counts.events;
}

/** One batch from the live source, in order; ticks when its events cross boundaries. */
export async function takeBatch(
  st: MonitorState,
  stop: StopConditions,
  batch: readonly SourceItem[],
): Promise<void> {
  const { counts, dedupe } = st;
  let fresh = 0;
  for (const item of batch) {
    if (item.bad !== undefined) {
      counts.badFrames++;
      if (st.badSamples.length < BAD_SAMPLES)
        st.badSamples.push({ reason: item.bad, raw: item.raw.slice(0, 300) });
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
      if (st.nextTick === undefined) st.nextTick = alignUp(st, item.time);
      else if (item.time > st.nextTick) {
        if (st.cadence.due(st.nextTick, performance.now())) await tick(st, stop, st.nextTick);
        else deferTick(st, st.nextTick);
        st.nextTick = alignUp(st, item.time);
      }
    }
    // Remembered only now, with the event in the window and the journal: had the tick above
    // thrown, the cursor saved on the way out would have skipped an event never journaled.
    dedupe.accept(item.pos, item.key);
    addEvent(st, item);
    if (item.posts.length > 0 || item.handle) st.journal.append(item.time, item.pos, item.raw, item.rawBytes);
  }
  if (fresh > 0) {
    st.lastEventWall = st.now();
    stop.armIdle();
    st.clock.lastEvent = performance.now();
    if (Number.isNaN(st.clock.firstEvent)) st.clock.firstEvent = st.clock.lastEvent;
  }
}
