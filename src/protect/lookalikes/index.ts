/**
 * Lookalike domains: generation with dnstwist parity (generate.ts) and the domain watch
 * (matcher.ts, feed.ts, watch.ts, stix.ts). The public surface used by the CLI and server.
 */
export { parseProtectedDomain } from './domain.js';
export type { ProtectedDomain, Split } from './domain.js';
export {
  DNSTWIST_FUZZERS,
  FUZZERS,
  OUR_FUZZERS,
  cleanDictionary,
  cleanTlds,
  generateLookalikes,
  parseFuzzerList,
} from './generate.js';
export type {
  FuzzerName,
  GenerateOptions,
  GenerateResult,
  LookalikeRow,
  RejectedCandidate,
} from './generate.js';
export { OUTPUT_FORMATS, formatResults } from './format.js';
export type { OutputFormat } from './format.js';
export { WatchMatcher } from './matcher.js';
export type { MatcherOptions, WatchHit } from './matcher.js';
export { readFeed, sniffFormat } from './feed.js';
export type { FeedFormat, FeedItem } from './feed.js';
export { normaliseObserved } from './observed.js';
export { runWatch } from './watch.js';
export type { WatchSkip, WatchSummary } from './watch.js';
export { domainNameSco, hitsToBundle, lookalikeIndicator, uuidv5 } from './stix.js';
export { skeleton } from './skeleton.js';
