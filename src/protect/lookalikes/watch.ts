/**
 * Runs a feed through the matcher: normalises each observed name, scores it against every
 * protected domain, reports each name that hits once (its first line), and counts what was skipped
 * (with line numbers, first 1,000 kept) so a bad feed line is reported, never fatal.
 *
 * Only hits are de-duplicated: a name that does not hit emits nothing, so matching it again when it
 * recurs changes no output, and remembering every distinct name would make memory grow with the
 * feed (a certificate-transparency feed is unbounded). Memory: the names that hit, a 4 KiB distinct
 * counter (core/hyperloglog.ts) and one partial line. Cost: O(bytes) plus the matcher's per-name cost.
 */
import type { Readable } from 'node:stream';
import { HyperLogLog } from '../../core/hyperloglog.js';
import { FeedParser, feedChunks } from './feed.js';
import { detach } from './lines.js';
import type { FeedFormat } from './feed.js';
import type { WatchHit, WatchMatcher } from './matcher.js';
import { normaliseObserved } from './observed.js';

export interface WatchSkip {
  readonly line: number;
  readonly reason: string;
  readonly value?: string;
}

export interface WatchSummary {
  /** Lines read. */
  readonly lines: number;
  /** Names read (before normalisation; a certstream line carries several). */
  readonly names: number;
  /** Distinct valid names, estimated (HyperLogLog, standard error ≈ 1.6 %). */
  readonly unique: number;
  /** Distinct names that hit (exact), each reported once. */
  readonly hitNames: number;
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
  const reported = new Set<string>();
  const distinct = new HyperLogLog();
  const skips: WatchSkip[] = [];
  let names = 0;
  let ignored = 0;
  let skipped = 0;
  let hits = 0;
  const skip = (s: WatchSkip) => {
    skipped++;
    if (skips.length < MAX_SKIPS_KEPT) skips.push(s);
  };
  const parser = new FeedParser(
    {
      name(name, line) {
        names++;
        const o = normaliseObserved(name);
        if (!o.ok) {
          skip({ line, reason: o.reason, value: detach(name.slice(0, 80)) });
          return;
        }
        distinct.addString(o.ascii);
        const found = matcher.match(o.ascii, o.unicode);
        if (found.length === 0 || reported.has(o.ascii)) return;
        // Kept names are copied: a slice would keep its whole feed chunk alive (lines.ts).
        const observed = detach(o.ascii);
        const unicode = o.unicode === o.ascii ? observed : detach(o.unicode);
        reported.add(observed);
        for (const h of found) {
          hits++;
          onHit({ ...h, observed, unicode }, line);
        }
      },
      skip(line, reason) {
        skip({ line, reason });
      },
      ignored() {
        ignored++;
      },
    },
    format,
  );
  for await (const chunk of feedChunks(source)) parser.push(chunk);
  parser.end();
  return {
    lines: parser.lineCount,
    names,
    unique: distinct.estimate(),
    hitNames: reported.size,
    ignored,
    skipped,
    skips,
    hits,
  };
}
