/**
 * Lockstep ingest: streaming readers that turn social-media data sets into the normalised `Post`
 * (src/core/post.ts). The public surface other capabilities code against; see docs/INGEST.md.
 */
export type { FormatName, IngestOptions } from './options.js';
export { FORMAT_NAMES } from './options.js';
export type { ColumnMapping } from './mapping.js';
export { parseMapping } from './mapping.js';
export { IngestStats } from './stats.js';
export { readPosts, readAllPosts, readPostBatches, readAllPostBatches, readAllPostsInPlace } from './read.js';
export type { PostView } from './formats/common.js';
export { LineSplitter } from './source.js';
export { csvFileChunks, csvFormatsOf, parseCsvFileChunk, type CsvChunk } from './csv-chunks.js';
export { jsonLineMapper, type JsonLineResult } from './json-line.js';
export { sniffFormat } from './sniff.js';
export { addUrls, canonicalUrl, registrableDomain } from './url-canonical.js';
export { extractEntities, parseRetweetPrefix } from './entities.js';
export type { Entities } from './entities.js';
export type { TimeFormat } from './time.js';
