/**
 * The monitor's resume point on disk: the journal flushed, then DIR/cursor.json (the de-duplication
 * mark, the next boundary, the last tick, a folded boundary) and DIR/stats.json. Written every
 * FLUSH_MS of wall clock while events arrive and on the way out; a restart after `kill -9` resumes from
 * the last one written, and the journal holds every event the cursor passed (out-dir.ts, journal.ts).
 */
import { sourceKind, type MonitorState } from './monitor-state.js';

export function checkpoint(st: MonitorState): void {
  const { counts, dedupe } = st;
  st.journal.flush();
  const mark = dedupe.mark();
  if (mark === undefined) return;
  st.out.writeCursor({
    version: 1,
    source: sourceKind(st.o.source),
    pos: mark.pos,
    keys: mark.keys,
    next_tick: st.nextTick ?? null,
    last_tick: st.lastTick ?? null,
    ...(st.cadence.foldedFrom === undefined ? {} : { folded_from: st.cadence.foldedFrom }),
    events: counts.events,
    updated_at: st.isoNow(),
  });
  st.out.writeStats({
    events: counts.events,
    posts: counts.posts,
    duplicates: dedupe.duplicates,
    bad_frames: counts.badFrames,
    bad_frame_samples: st.badSamples,
    ticks: counts.ticks,
    alerts: counts.alerts,
    ...(st.window.objectCacheBytes === undefined ? {} : { object_cache_bytes: st.window.objectCacheBytes }),
  });
}
