/**
 * `detect` over a monitor window's posts with time in (start, end], from the window's columns (each
 * post encoded once, on arrival: detect's WindowActions), for a tick (tick.ts) and for a pending
 * alert's window detected again from the journal (workspace-feed.ts). Cost: detect's stages after
 * collecting, over the window's posts.
 */
import type { DetectionResult } from '../core/result.js';
import { isLockstepError } from '../core/errors.js';
import { detectPrepared, type DetectOptions, type WindowActions } from '../detect/index.js';

/**
 * A window detect cannot read (no posts, no behaviour) has no result. A tick reads only the networks
 * unless there are some (its result goes to the workspace with its alerts), so it skips account
 * signals when there are none (`networksOnly`).
 */
export async function detectWindow(
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
