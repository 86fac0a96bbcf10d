/**
 * The co-similar behaviour's action table: near-duplicate groups of the data set's texts (see
 * near-duplicates.ts for the method and its cost) turned into (group, post) actions, so that the
 * lockstep pass treats a group like any shared object.
 */
import { GrowableInt32 } from '../../core/growable.js';
import type { ActionTable, PostColumns } from '../engine/actions.js';
import { Interner } from '../engine/intern.js';
import { TextInterner } from '../engine/text-interner.js';
import { nearDuplicateGroupsInWorker, nearDuplicateGroupsOfSharedInWorker } from './in-worker.js';
import { nearDuplicateGroups } from './near-duplicates.js';
import type { SignedTexts } from './signature-cache.js';

/**
 * From this many texts co-similar runs in a worker thread by default: below it, starting the worker
 * (~30 ms built, more under tsx) costs about what the overlap saves.
 */
const PARALLEL_SIMILAR_TEXTS = 50_000;

/** The texts co-similar groups: the distinct normalised originals, and once more those used by several posts. */
export function similarInput(columns: PostColumns): string[] {
  const distinct = columns.originalTexts.strings;
  return Array.from(similarOrder(columns), (k) => distinct[k]!);
}

/** {@link similarInput} as distinct texts' numbers: each once, then again those used twice or more. */
function similarOrder(columns: PostColumns): Int32Array {
  const n = columns.originalTexts.size;
  const uses = new Int32Array(n);
  for (let p = 0; p < columns.count; p++) {
    const k = columns.originalText[p]!;
    if (k >= 0 && uses[k]! < 2) uses[k]! += 1;
  }
  const inputs = new GrowableInt32(n);
  for (let k = 0; k < n; k++) inputs.push(k);
  for (let k = 0; k < n; k++) if (uses[k]! >= 2) inputs.push(k);
  return inputs.view();
}

/**
 * co-similar actions: (near-duplicate group, post) from src/detect/similar, over the distinct
 * normalised texts of original posts only (a repost's text is its original's; co-retweet covers it).
 * A distinct text used by several posts is passed twice, so exact repeats still form a group, as they
 * would if every post's text were passed; the cost is O(distinct texts), not O(posts). Texts the
 * caller signed already (`signed`: a monitor's window) are grouped from their signatures, on this
 * thread: what is left per call is bucketing and verification (similar/signature-cache.ts).
 */
export async function similarTable(
  columns: PostColumns,
  seed: number,
  parallel: boolean | undefined,
  signal: AbortSignal,
  signed: SignedTexts | undefined,
): Promise<ActionTable> {
  const distinct = columns.originalTexts;
  const order = similarOrder(columns);
  let groups: Int32Array;
  if (order.length === 0) groups = new Int32Array(0);
  else if (signed?.seed === seed) {
    const { cache, entries } = signed;
    groups = cache.groups(order.map((k) => entries[k]!));
  } else {
    const inWorker = parallel ?? order.length >= PARALLEL_SIMILAR_TEXTS;
    // The texts' code units in shared memory (engine/text-arena.ts), when the columns have them: no
    // string crosses threads.
    const shared = inWorker && distinct instanceof TextInterner ? distinct.shared() : undefined;
    if (shared !== undefined)
      groups = await nearDuplicateGroupsOfSharedInWorker(shared, order, { seed }, signal);
    else {
      const strings = distinct.strings;
      const input = Array.from(order, (k) => strings[k]!);
      groups = inWorker
        ? await nearDuplicateGroupsInWorker(input, { seed }, signal)
        : nearDuplicateGroups(input, { seed });
    }
  }
  const objects = new Interner();
  const object = new GrowableInt32();
  const post = new GrowableInt32();
  const groupObject = new Int32Array(distinct.size).fill(-1);
  for (let p = 0; p < columns.count; p++) {
    const k = columns.originalText[p]!;
    if (k < 0) continue;
    const g = groups[k]!;
    if (g < 0) continue;
    let o = groupObject[k]!;
    if (o < 0) o = groupObject[k] = objects.id(`similar:${g}`);
    object.push(o);
    post.push(p);
  }
  return { behaviour: 'co-similar', objects, object: object.toArray(), post: post.toArray() };
}
