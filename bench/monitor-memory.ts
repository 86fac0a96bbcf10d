/**
 * `node --expose-gc --import tsx bench/monitor-memory.ts [--events N] [--accounts A] [--pool P]`: memory
 * of the monitor with N events in its window. The source is in-process (no WebSocket: this measures
 * what the monitor holds, not the transport): Jetstream frames built on the fly (60 % reposts of a
 * pool of P posts, 40 % posts with text and sometimes a hashtag, A accounts, one event every 2 ms of
 * event time), decoded by the real decoder and fed through runMonitor (de-duplication, journal on disk,
 * the window's encoded columns). The window (30 days) and --every (10⁹ s) are set so that nothing
 * expires and no detection runs; the monitor is stopped by its signal after N events (no final tick).
 * Reports, after a full GC with all N events in the window (measured from inside the source, before it
 * ends): heap used, external (off-heap: typed columns and Buffers; Node's `arrayBuffers` is part of
 * it, so it is not added again; it counts a typed column's whole capacity, up to 2× what is used, most
 * of it never touched and so not in RSS), heap + external per event, RSS; peak RSS;
 * journal bytes; events/s of the in-process path. `--tick`: the source ends instead of stopping the
 * monitor, so runMonitor runs its final detection over all N events (one tick over the whole window,
 * `detect`'s defaults); peak RSS then includes it, and the tick's wall and CPU are printed. `--stages`:
 * during the tick, a line per detect progress stage (RSS, peak so far, heap, array buffers; with
 * LOCKSTEP_STAGE_GC=1 after a full GC, so what is live).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeJetstreamItem } from '../src/monitor/jetstream/client.js';
import { runMonitor } from '../src/monitor/monitor.js';
import type { LiveSource, SourceItem } from '../src/monitor/source.js';
import { postFrame, repostFrame } from '../src/monitor/test-helpers/jetstream-events.js';
import { seededRandom } from '../src/test-helpers/seeded-random.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    accounts: { type: 'string', default: '200000' },
    pool: { type: 'string', default: '100000' },
    tick: { type: 'boolean', default: false },
    stages: { type: 'boolean', default: false },
  },
});
const N = Number(values.events);
const A = Number(values.accounts);
const P = Number(values.pool);
const START_US = 1_700_000_000 * 1e6;
const rnd = seededRandom(23);
const abort = new AbortController();
let held: NodeJS.MemoryUsage | undefined;

const source: LiveSource = {
  label: 'jetstream memory-bench',
  decode: (raw) => decodeJetstreamItem(raw),
  items: async function* (): AsyncGenerator<SourceItem[]> {
    for (let i = 0; i < N;) {
      const batch: SourceItem[] = [];
      for (let k = 0; k < 5000 && i < N; k++, i++) {
        const did = `did:plc:acct${Math.floor(rnd() * A).toString(36)}`;
        const b = { did, timeUs: START_US + i * 2000 };
        const f =
          rnd() < 0.6
            ? repostFrame(
                b,
                `at://did:plc:author${Math.floor(rnd() * 5000)}/app.bsky.feed.post/p${Math.floor(rnd() * P)}`,
              )
            : postFrame(b, {
                text: `words ${Math.floor(rnd() * 1e6)} more words here`,
                tags: rnd() < 0.3 ? [`t${Math.floor(rnd() * 500)}`] : [],
              });
        batch.push(decodeJetstreamItem(JSON.stringify(f)));
      }
      yield batch;
      // Let the monitor's flush timers run, as a socket source would.
      await new Promise((r) => setImmediate(r));
    }
    // Measured here, while the monitor still holds its window (after runMonitor returns it is garbage).
    // V8 frees dead ArrayBuffers' memory on a background thread after a GC and `external` counts it
    // until then (a 256 MB Buffer dropped before gc(): external 769 MB right after, 513 MB 300 ms
    // later). The window's id bytes outgrow their 256 MB buffer at ~4.9M events, so a 5M run measured
    // right after gc() counted that dead buffer. So: GC, let the sweeper finish, GC again.
    const collect = (globalThis as { gc?: () => void }).gc;
    collect?.();
    await new Promise((r) => setTimeout(r, 300));
    collect?.();
    held = process.memoryUsage();
    if (!values.tick) abort.abort();
  },
};

function stageLine(stage: string): void {
  // LOCKSTEP_STAGE_GC=1: collect first, so heap and array buffers are what is live (the peak is then not
  // the bench's usual one: collections at other moments).
  if (process.env.LOCKSTEP_STAGE_GC === '1') (globalThis as { gc?: () => void }).gc?.();
  const u = process.memoryUsage();
  const mib = (x: number): string => `${Math.round(x / 2 ** 20)}`;
  process.stdout.write(
    `stage ${stage}: rss ${mib(u.rss)} peak ${mib(process.resourceUsage().maxRSS * 1024)} ` +
      `heap ${mib(u.heapUsed)} arrayBuffers ${mib(u.arrayBuffers)} MiB\n`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'monitor-memory-'));
const t0 = performance.now();
const summary = await runMonitor({
  out: dir,
  source,
  windowSeconds: 30 * 86400,
  everySeconds: 1e9,
  signal: abort.signal,
  // --stages: the tick's memory at each of detect's progress lines (RSS now, peak so far, heap, array
  // buffers), to see which stage raises the peak. onProgress is not among the monitor's detect options
  // (the CLI's progress is its own), hence the cast.
  ...(values.stages ? { detect: { onProgress: stageLine } as object } : {}),
});
const seconds = (performance.now() - t0) / 1000;
const gc = (globalThis as { gc?: () => void }).gc;
const m = held!;
const mb = (x: number): string => `${Math.round(x / 2 ** 20)} MB`;
const { execSync } = await import('node:child_process');
const journal = execSync(`du -sb ${join(dir, 'journal')}`)
  .toString()
  .split('\t')[0];
process.stdout.write(
  `| ${summary.events} | ${A} | ${mb(m.heapUsed)} | ${mb(m.external)} | ` +
    `${Math.round((m.heapUsed + m.external) / summary.events)} | ${mb(m.rss)} | ` +
    `${mb(process.resourceUsage().maxRSS * 1024)} | ${mb(Number(journal))} | ${Math.round(summary.events / seconds)} | ` +
    `${gc ? 'yes' : 'no'} | ${loadavg()[0]!.toFixed(1)} |\n`,
);
process.stdout.write(`held: arrayBuffers ${mb(m.arrayBuffers)} of external\n`);
if (values.tick)
  process.stdout.write(
    `tick over the window: ${summary.ticks} ticks, ${summary.detectMs} ms wall, ${summary.detectCpuMs} ms CPU, ` +
      `${summary.networks} networks\n`,
  );
rmSync(dir, { recursive: true, force: true });
