/**
 * Runs a feed through the matcher: normalises each observed name, dedupes it within the run, scores
 * it against every protected domain, and counts what was skipped (with line numbers, first 1,000
 * kept) so a bad feed line is reported, never fatal. Cost: O(names) with the matcher's per-name cost.
 */
import type { Readable } from 'node:stream';
import { readFeedBatches } from './feed.js';
import type { FeedFormat } from './feed.js';
import type { WatchHit, WatchMatcher } from './matcher.js';
import { normaliseObserved } from './observed.js';

export interface WatchSkip {
  readonly line: number;
  readonly reason: string;
  readonly value?: string;
}

export interface WatchSummary {
  readonly lines: number;
  readonly names: number;
  readonly unique: number;
  readonly ignored: number;
  readonly skipped: number;
  readonly skips: WatchSkip[];
  readonly hits: number;
}

const MAX_SKIPS_KEPT = 1000;

export async function runWatch(
  source: string | Readable,
  matcher: WatchMatcher,
  onHit: (hit: WatchHit, line: number) => void,
  format?: FeedFormat,
): Promise<WatchSummary> {
  const seen = new Set<string>();
  const skips: WatchSkip[] = [];
  let names = 0;
  let ignored = 0;
  let skipped = 0;
  let hits = 0;
  let lastLine = 0;
  const skip = (s: WatchSkip) => {
    skipped++;
    if (skips.length < MAX_SKIPS_KEPT) skips.push(s);
  };
  for await (const batch of readFeedBatches(source, format)) {
    for (const item of batch) {
      lastLine = item.line;
      if (item.kind === 'ignored') {
        ignored++;
        continue;
      }
      if (item.kind === 'skip') {
        skip({ line: item.line, reason: item.reason });
        continue;
      }
      names++;
      const o = normaliseObserved(item.name);
      if (!o.ok) {
        skip({ line: item.line, reason: o.reason, value: item.name.slice(0, 80) });
        continue;
      }
      const before = seen.size;
      seen.add(o.ascii);
      if (seen.size === before) continue;
      for (const h of matcher.match(o.ascii, o.unicode)) {
        hits++;
        onHit(h, item.line);
      }
    }
  }
  return { lines: lastLine, names, unique: seen.size, ignored, skipped, skips, hits };
}
