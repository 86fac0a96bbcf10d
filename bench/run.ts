/**
 * `npm run bench -- <name> [options]`: runs one benchmark (or all with no name) and prints a markdown
 * table. Benchmarks: accuracy (precision/recall against simulated ground truth), end-to-end (wall time
 * and peak RSS of `lockstep detect` in a child process), read (posts/s of reading + encoding per
 * layout). Shared options: --sizes 100000,1000000.
 */
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import type { SimulatedLayout } from './data.js';
import { ENGINES, type Engine } from '../src/detect/options.js';

type Bench = (args: {
  sizes: number[];
  seed: number;
  keep: boolean;
  repeat: number;
  layouts?: SimulatedLayout[];
  root?: string;
  engines?: Engine[];
}) => Promise<string>;

const BENCHES: Record<string, () => Promise<Bench>> = {
  accuracy: async () => (await import('./accuracy.js')).accuracyBench,
  'end-to-end': async () => (await import('./end-to-end.js')).endToEndBench,
  'automation-auc': async () => (await import('./automation-auc.js')).automationAucBench,
  read: async () => (await import('./read-speed.js')).readBench,
};

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    sizes: { type: 'string', default: '100000,1000000,3000000' },
    seed: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
    /** read: runs per layout (the median is reported). */
    repeat: { type: 'string', default: '3' },
    /** read: comma-separated layouts (ira, twitter-io, qut). */
    layouts: { type: 'string' },
    /** read: another checkout whose build (DIR/dist) is measured instead of this one. */
    root: { type: 'string' },
    /** end-to-end: comma-separated engines (memory, duckdb, clickhouse), run side by side per size. */
    engines: { type: 'string', default: 'memory' },
  },
});
const names = positionals.length ? positionals : Object.keys(BENCHES);
const sizes = values.sizes.split(',').map((s) => Number(s.replaceAll('_', '')));
if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) {
  process.stderr.write(`bench: --sizes must be positive whole numbers, got ${values.sizes}\n`);
  process.exit(64);
}
const engines = values.engines.split(',') as Engine[];
if (engines.some((e) => !ENGINES.includes(e))) {
  process.stderr.write(`bench: --engines must be among ${ENGINES.join(', ')}, got ${values.engines}\n`);
  process.exit(64);
}
for (const name of names) {
  const load = BENCHES[name];
  if (!load) {
    process.stderr.write(`bench: unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(', ')}\n`);
    process.exit(64);
  }
  const bench = await load();
  const before = loadavg()[0]!.toFixed(2);
  const table = await bench({
    sizes,
    seed: Number(values.seed),
    keep: values.keep,
    repeat: Number(values.repeat),
    layouts: values.layouts?.split(',') as SimulatedLayout[] | undefined,
    root: values.root,
    engines,
  });
  process.stdout.write(
    `\n### ${name} (seed ${values.seed}; 1-min load average ${before} → ${loadavg()[0]!.toFixed(2)}; Node ${process.version})\n\n${table}\n`,
  );
}
