/**
 * `node --import tsx bench/monitor-parts-ab.ts --a CHECKOUT --b CHECKOUT [--events N] [--pairs P]`: two
 * checkouts' window encoding and journal, alternating in one process (A, B, A, B …), so a loaded
 * machine's drift and another process's luck fall on both alike. Per round: `WindowActions.push` of
 * every post of the throughput bench's frames (decoded once, before timing) and `Journal.append` of
 * every frame plus a flush per 5,000 (with the frame's bytes where the checkout's decoder keeps them,
 * as its monitor does). CPU per event (process.cpuUsage); prints each round and the medians with B/A.
 * Made to settle h-ingest's two changes (bench/RESULTS.md, "h-mon … session 15"): the arrival encoder
 * (window) and frames journalled as bytes (journal).
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
    a: { type: 'string' },
    b: { type: 'string' },
    events: { type: 'string', default: '200000' },
    pairs: { type: 'string', default: '5' },
  },
});
if (values.a === undefined || values.b === undefined) throw new Error('usage: --a CHECKOUT --b CHECKOUT');

interface Tree {
  name: string;
  items: SourceItem[];
  Journal: typeof import('../src/monitor/journal.js').Journal;
  WindowActions: typeof import('../src/detect/incremental/window-actions.js').WindowActions;
}
const frames = benchStream(Number(values.events)).frames.map((f) => Buffer.from(f));
const load = async (root: string): Promise<Tree> => {
  const src = (rel: string): string => pathToFileURL(join(resolve(root), 'src', `${rel}.ts`)).href;
  const client = (await import(src('monitor/jetstream/client'))) as {
    decodeJetstreamItem: (raw: string) => SourceItem;
    decodeJetstreamBytes?: (b: Buffer) => SourceItem;
  };
  const decode =
    client.decodeJetstreamBytes ??
    ((b: Buffer): SourceItem => client.decodeJetstreamItem(b.toString('utf8')));
  return {
    name: root,
    items: frames.map(decode),
    Journal: ((await import(src('monitor/journal'))) as typeof import('../src/monitor/journal.js')).Journal,
    WindowActions: (
      (await import(
        src('detect/incremental/window-actions')
      )) as typeof import('../src/detect/incremental/window-actions.js')
    ).WindowActions,
  };
};
const trees = [await load(values.a), await load(values.b)];
const cpu = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const round = (t: Tree): { window: number; journal: number } => {
  const window = t.WindowActions.forDetect({ window: 60 });
  let c = cpu();
  for (const item of t.items) if (item.bad === undefined) for (const p of item.posts) window.push(p);
  window.count(0, 0); // encodes the last partial batch
  const w = cpu() - c;
  const dir = mkdtempSync(join(tmpdir(), 'monitor-parts-ab-'));
  try {
    const journal = new t.Journal(dir, 900);
    c = cpu();
    let k = 0;
    for (const item of t.items) {
      if (item.bad === undefined) journal.append(item.time, item.pos, item.raw, item.rawBytes);
      if (++k % 5000 === 0) journal.flush();
    }
    journal.flush();
    const j = cpu() - c;
    return { window: w / t.items.length, journal: j / t.items.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
const got = trees.map(() => ({ window: [] as number[], journal: [] as number[] }));
for (let p = 0; p < Number(values.pairs); p++)
  for (const [i, t] of trees.entries()) {
    const r = round(t);
    got[i]!.window.push(r.window);
    got[i]!.journal.push(r.journal);
    process.stdout.write(
      `pair ${p + 1} ${t.name}: window ${r.window.toFixed(2)}, journal ${r.journal.toFixed(2)} µs/event\n`,
    );
  }
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const part of ['window', 'journal'] as const) {
  const [a, b] = got.map((g) => median(g[part]));
  process.stdout.write(
    `| ${part} | ${a!.toFixed(2)} | ${b!.toFixed(2)} | ${(b! / a!).toFixed(2)} | ${loadavg()[0]!.toFixed(1)} |\n`,
  );
}
