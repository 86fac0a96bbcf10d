/**
 * The detection capability's public API: `detect` (the whole run), its options and defaults, and
 * `supportedBehaviours` (what "all behaviours the input supports" means).
 *
 * @example
 * const result = await detect(readAllPosts(paths, {}, stats), { semantics: 'coortweet', window: 10 });
 */
export { detect, detectPrepared } from './pipeline.js';
export { WindowActions } from './incremental/window-actions.js';
export {
  DEFAULT_COORTWEET_WINDOW,
  DEFAULT_FDR,
  DEFAULT_LOCKSTEP_WINDOW,
  DEFAULT_MAX_CROWD,
  DEFAULT_MIN_PARTICIPATION,
  DEFAULT_SEED,
  type DetectOptions,
} from './options.js';
export { supportedBehaviours } from './supported.js';
export type { PostInput } from './engine/actions.js';
export { PostEncoder } from './engine/post-batch.js';
export type { EncodedMessage, EncodedPostSource, EncoderOptions } from './engine/encoded-batch.js';
export { poissonUpperTail } from './engine/chance.js';
export { BatchInterner, transferables, type InternedBatch } from './engine/batch-intern.js';
export { batchBuffers } from './engine/open-batch.js';
