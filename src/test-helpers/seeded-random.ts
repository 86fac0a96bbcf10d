/**
 * The seeded generator for randomized tests, so a failing case replays from its seed: the same
 * mulberry32 that seeds Louvain (detect/engine/cluster.ts), not another copy. Not for anything secret.
 */
export { seededRng as seededRandom } from '../detect/engine/cluster.js';
