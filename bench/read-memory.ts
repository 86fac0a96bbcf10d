/**
 * Where detect's read stage holds memory once reading ends: the read stage alone (as bench/read-once.ts)
 * on one file, then a full GC, then the heap and the sizes of what the columns keep (texts, interned
 * objects, per-post columns). Run with --expose-gc, else the heap figures include garbage.
 *
 *   node --expose-gc --import tsx bench/read-memory.ts FILE
 *
 * String sizes are estimated as V8 one-byte strings (16-byte header + characters, 8-byte aligned).
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { BEHAVIOURS } from '../src/core/behaviour.js';
import { workerPostSource } from '../src/cli/read/worker-source.js';
import { collectActions } from '../src/detect/engine/actions.js';

const file = process.argv[2];
if (file === undefined) {
  process.stderr.write('usage: node --expose-gc --import tsx bench/read-memory.ts FILE\n');
  process.exit(64);
}
const mb = (n: number): number => Math.round(n / 1048576);
const strMb = (xs: readonly string[]): number =>
  mb(xs.reduce((s, x) => s + 16 + Math.ceil(x.length / 8) * 8, 0));
const chars = (xs: readonly string[]): number => xs.reduce((s, x) => s + x.length, 0);

const { columns, tables } = await collectActions(workerPostSource([file], {}, undefined, 1), {
  behaviours: BEHAVIOURS,
  repostsOnlyRetweet: true,
});
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
(globalThis as { gc?: () => void }).gc?.();
const m = process.memoryUsage();
const c = columns;
const postColumns = [c.account, c.time, c.content, c.originalText, c.textRef, c.flags];
process.stdout.write(
  JSON.stringify(
    {
      posts: c.count,
      peakRssMb,
      afterGcMb: { rss: mb(m.rss), heapUsed: mb(m.heapUsed), arrayBuffers: mb(m.arrayBuffers) },
      rawTexts: { n: c.rawTexts.length, chars: chars(c.rawTexts), mb: strMb(c.rawTexts) },
      originalTexts: {
        n: c.originalTexts.size,
        chars: chars(c.originalTexts.strings),
        mb: strMb(c.originalTexts.strings),
      },
      postColumnsMb: mb(postColumns.reduce((s, a) => s + a.byteLength, 0)),
      tables: tables.map((t) => ({
        behaviour: t.behaviour,
        actionsMb: mb(t.object.byteLength + t.post.byteLength),
        objects: t.objects.size,
        objectsMb: strMb(t.objects.strings),
      })),
      heapSpacesMb: Object.fromEntries(
        getHeapSpaceStatistics().map((s) => [s.space_name, mb(s.space_used_size)]),
      ),
    },
    null,
    1,
  ) + '\n',
);
