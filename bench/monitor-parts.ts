/**
 * `node --import tsx bench/monitor-parts.ts [--events N] [--rounds R] [--root CHECKOUT]`: the monitor's
 * ingest per event, part by part, in CPU time (process.cpuUsage, all threads, so a loaded machine does
 * not inflate it). The throughput bench's frames (benchStream, kept as UTF-8 bytes like a socket's) go
 * through the parts runMonitor chains for each event (intake.ts's takeBatch), in batches of 5,000
 * as bench/monitor-ingest.ts hands them over, each part timed on its own:
 *
 * - decode: the Jetstream client's decoder (decodeJetstreamBytes: JSON.parse, the Post, the key);
 * - dedupe: Dedupe.isNew + accept;
 * - journal: Journal.append of each event (the frame's bytes where the decoder kept them) and a flush
 *   per batch (the monitor flushes every 250 ms; at ~100k events/s that is a few batches);
 * - window: WindowActions.push of each post (encoding into the window's columns per 2,048 posts).
 *
 * Garbage is collected by whichever part allocates when the young generation is full, so a part's
 * figure carries some of the others' garbage; the sum, set against bench/monitor-ingest.ts's whole,
 * says what runMonitor's own loop adds. `--root` loads another checkout's src (tsx), so two trees
 * can be measured by the same bench. Cost: the frames are generated before timing (~0.4 KB each).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { SourceItem } from '../src/monitor/source.js';
import { benchStream } from './monitor-bench-run.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '3' },
    root: { type: 'string' },
  },
});
const src = (rel: string): string =>
  values.root === undefined
    ? `../src/${rel}.ts`
    : pathToFileURL(join(resolve(values.root), 'src', `${rel}.ts`)).href;
const client = (await import(src('monitor/jetstream/client'))) as {
  decodeJetstreamItem: (raw: string) => SourceItem;
  decodeJetstreamBytes?: (b: Buffer) => SourceItem;
};
const { Dedupe } = (await import(src('monitor/dedupe'))) as typeof import('../src/monitor/dedupe.js');
const { Journal } = (await import(src('monitor/journal'))) as typeof import('../src/monitor/journal.js');
const { WindowActions } = (await import(
  src('detect/incremental/window-actions')
)) as typeof import('../src/detect/incremental/window-actions.js');

const frames = benchStream(Number(values.events)).frames.map((f) => Buffer.from(f));
const decode =
  client.decodeJetstreamBytes ?? ((b: Buffer): SourceItem => client.decodeJetstreamItem(b.toString('utf8')));
const BATCH = 5000;
const PARTS = ['decode', 'dedupe', 'journal', 'window'] as const;
const cpu = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

const perRound: Record<(typeof PARTS)[number] | 'sum', number>[] = [];
for (let r = 0; r < Number(values.rounds); r++) {
  const dir = mkdtempSync(join(tmpdir(), 'monitor-parts-'));
  try {
    const dedupe = new Dedupe();
    const journal = new Journal(dir, 900);
    const window = WindowActions.forDetect({ window: 60 });
    const us = { decode: 0, dedupe: 0, journal: 0, window: 0 };
    let events = 0;
    for (let i = 0; i < frames.length; i += BATCH) {
      let t = cpu();
      const items: SourceItem[] = [];
      for (let j = i; j < Math.min(frames.length, i + BATCH); j++) items.push(decode(frames[j]!));
      let t1 = cpu();
      us.decode += t1 - t;
      t = t1;
      const fresh: SourceItem[] = [];
      for (const item of items)
        if (item.bad === undefined && item.duplicate !== true && dedupe.isNew(item.pos, item.key)) {
          dedupe.accept(item.pos, item.key);
          fresh.push(item);
        }
      t1 = cpu();
      us.dedupe += t1 - t;
      t = t1;
      for (const item of fresh)
        if (item.bad === undefined && (item.posts.length > 0 || item.handle))
          journal.append(item.time, item.pos, item.raw, item.rawBytes);
      journal.flush();
      t1 = cpu();
      us.journal += t1 - t;
      t = t1;
      for (const item of fresh) if (item.bad === undefined) for (const p of item.posts) window.push(p);
      window.count(0, 0); // encodes the last partial batch
      us.window += cpu() - t;
      events += fresh.length;
    }
    const row = { ...us, sum: us.decode + us.dedupe + us.journal + us.window };
    for (const k of Object.keys(row) as (keyof typeof row)[]) row[k] /= events;
    perRound.push(row);
    process.stdout.write(
      `round ${r + 1}: ${events} events, µs/event ` +
        Object.entries(row)
          .map(([k, v]) => `${k} ${v.toFixed(2)}`)
          .join(', ') +
        '\n',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
process.stdout.write(
  `| ${values.root ?? '.'} | ` +
    [...PARTS, 'sum' as const].map((k) => median(perRound.map((p) => p[k])).toFixed(2)).join(' | ') +
    ` | ${loadavg()[0]!.toFixed(1)} |\n`,
);
