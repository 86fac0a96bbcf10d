/**
 * networks.json alone, on a result read back from an output directory: CPU and wall per repetition of
 * building its object tree (`tree`), writing it as one `JSON.stringify` string (`whole`, the writer
 * before h-out) or in chunks through a write stream (`chunks`, `networksJsonChunks`). One JSON line per
 * repetition. Run it against two builds in turn to compare them on the same result.
 *
 *   node --import tsx bench/networks-json.ts RESULTDIR tree|whole|chunks [--reps 5] [--root DIR]
 *
 * `--root DIR` loads another checkout's build (DIR/dist) instead of this tree's sources.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as NetworksJson from '../src/report/networks-json.js';
import type * as ReadOutput from '../src/report/read-output.js';

const args = process.argv.slice(2);
const [dir, mode] = args;
const flag = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const root = flag('--root');
const reps = Number(flag('--reps') ?? 5);
if (dir === undefined || !['tree', 'whole', 'chunks'].includes(mode ?? '')) {
  process.stderr.write('usage: networks-json.ts RESULTDIR tree|whole|chunks [--reps 5] [--root DIR]\n');
  process.exit(64);
}
const from = (rel: string): string =>
  root === undefined ? `../src/${rel}.ts` : pathToFileURL(join(root, 'dist', `${rel}.js`)).href;
const { readDetectionOutput } = (await import(from('report/read-output'))) as typeof ReadOutput;
const nj = (await import(from('report/networks-json'))) as Partial<typeof NetworksJson>;

const result = await readDetectionOutput(dir);
const out = await mkdtemp(join(tmpdir(), 'lockstep-networks-json-'));
const path = join(out, 'networks.json');
const stream = async (chunks: Iterable<string>): Promise<void> => {
  const s = createWriteStream(path);
  const closed = once(s, 'close');
  for (const c of chunks) if (!s.write(c)) await once(s, 'drain');
  s.end();
  await closed;
};
try {
  for (let i = 0; i < reps; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    if (mode === 'tree') nj.toNetworksFile!(result);
    else if (mode === 'whole')
      await writeFile(path, JSON.stringify(nj.toNetworksFile!(result), null, 1) + '\n');
    else await stream(nj.networksJsonChunks!(result));
    const cpu = process.cpuUsage(cpu0);
    const wallMs = Math.round(performance.now() - t0);
    console.log(JSON.stringify({ mode, wallMs, cpuMs: Math.round((cpu.user + cpu.system) / 1000) }));
  }
} finally {
  await rm(out, { recursive: true, force: true });
}
