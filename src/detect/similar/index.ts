/**
 * Near-duplicate text for the `co-similar` behaviour, and the text normalisation that `co-post`
 * shares with it. See near-duplicates.ts for the method, its cost and the giant-bucket rule.
 */
export { normaliseText, retweetAuthor, tokenHashes } from './normalise.js';
export {
  nearDuplicateGroups,
  nearDuplicateGroupsDetailed,
  type NearDuplicateDiagnostics,
  type NearDuplicateOptions,
  type NearDuplicateResult,
} from './near-duplicates.js';
export { MinHasher, candidateProbability, chooseBanding, type Banding } from './minhash.js';
export { nearDuplicateGroupsInWorker } from './in-worker.js';
export { SignatureCache, type SignedTexts } from './signature-cache.js';
