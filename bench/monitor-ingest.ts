/**
 * `node --import tsx bench/monitor-ingest.ts [--events N] [--every S] [--rounds R]`: the monitor's
 * ingest cost per event without the transport. The throughput bench's frames (benchStream, generated
 * before timing, kept as UTF-8 bytes like a socket's frames) are handed to runMonitor by an in-process
 * source in batches of 5,000, each decoded by the Jetstream client's own decoder (decodeJetstreamBytes
 * as the client does since session 14; a tree without it: the frame's string, then decodeJetstreamItem,
 * as the client did), then de-duplicated, journalled on disk and encoded into the window like a live
 * stream's. `--every`
 * defaults to 10⁹ s (no detection before the final one, which is excluded) so the figure is ingest
 * alone; pass e.g. 60 to include ticks. Prints CPU time (user + sys, process.cpuUsage, so a loaded
 * machine does not inflate it) per round, µs per event and events per CPU second, best and median.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as client from '../src/monitor/jetstream/client.js';
import { runMonitor } from '../src/monitor/monitor.js';
import type { LiveSource, SourceItem } from '../src/monitor/source.js';
import { benchStream } from './monitor-bench-run.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    every: { type: 'string', default: '1000000000' },
    rounds: { type: 'string', default: '3' },
  },
});
const events = Number(values.events);
const frames = benchStream(events).frames.map((f) => Buffer.from(f));
// The client's decoder of a frame's bytes; a tree from before it (base runs) decodes the string.
const fromBytes = (client as { decodeJetstreamBytes?: (b: Buffer) => SourceItem }).decodeJetstreamBytes;
const decodeFrame = fromBytes ?? ((b: Buffer) => client.decodeJetstreamItem(b.toString('utf8')));
const BATCH = 5000;
let cpuAtEnd = 0;
const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const source: LiveSource = {
  label: 'jetstream ingest-bench',
  decode: (raw) => client.decodeJetstreamItem(raw),
  async *items(): AsyncGenerator<SourceItem[]> {
    for (let i = 0; i < frames.length; i += BATCH) {
      const batch: SourceItem[] = [];
      for (const raw of frames.slice(i, i + BATCH)) batch.push(decodeFrame(raw));
      yield batch;
      // A socket's callbacks arrive on later turns of the event loop.
      await new Promise((r) => setImmediate(r));
    }
    cpuAtEnd = cpuSeconds();
  },
};

const perEvent: number[] = [];
for (let r = 0; r < Number(values.rounds); r++) {
  const dir = mkdtempSync(join(tmpdir(), 'monitor-ingest-'));
  try {
    const t0 = cpuSeconds();
    const s = await runMonitor({
      out: join(dir, 'out'),
      source,
      windowSeconds: 7200,
      everySeconds: Number(values.every),
      detectShare: 1,
      detect: { window: 60 },
    });
    const cpu = cpuAtEnd - t0;
    perEvent.push((cpu * 1e6) / s.events);
    process.stdout.write(
      `round ${r + 1}: ${s.events} events, ${s.ticks} ticks (the final one after the CPU figure), CPU ${cpu.toFixed(2)} s, ` +
        `${((cpu * 1e6) / s.events).toFixed(1)} µs/event\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const sorted = [...perEvent].sort((a, b) => a - b);
const med = sorted[Math.floor(sorted.length / 2)]!;
process.stdout.write(
  `| ${events} | ${values.every} | ${sorted[0]!.toFixed(1)} | ${med.toFixed(1)} | ${Math.round(1e6 / med)} | ${loadavg()[0]!.toFixed(1)} |\n`,
);
