/**
 * The parts of fusion and the network tests that session 15 (h-stages2) changed, timed alone on synthetic
 * columns — for a machine too loaded to time whole runs: thread CPU of each old/new pair, alternating
 * in one process, with the results compared. (1) Benjamini–Hochberg's q-values then q ≤ fdr per pair
 * against the step-up cut (engine/chance.ts); (2) `Int32Array.from(slots, fn)` against `gather`
 * (engine/gather.ts). Sizes as at 3M simulated posts: ~2M fused p-values, ~1M member-pair slots.
 *
 *   node --import tsx bench/fusion-parts.ts [--n 2000000] [--rounds 5]
 */
import { benjaminiHochberg, benjaminiHochbergCut } from '../src/detect/engine/chance.js';
import { gather } from '../src/detect/engine/gather.js';

const args = process.argv.slice(2);
const flag = (name: string, d: number): number => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : d;
};
const n = flag('--n', 2_000_000);
const rounds = flag('--rounds', 5);

let s = 17;
const rnd = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
// Fused p-values: many far below the cut, many tied at 1e-k levels, the rest spread up to 1.
const p = new Float64Array(n);
for (let i = 0; i < n; i++) {
  const u = rnd();
  p[i] = u < 0.3 ? 10 ** -(1 + Math.floor(rnd() * 300)) : u < 0.5 ? 1e-12 : rnd() ** 4;
}
const m = n * 50;
const keys = new Int32Array(2 * n);
for (let i = 0; i < keys.length; i++) keys[i] = i * 7;
const slots: number[] = [];
for (let i = 0; i < n / 2; i++) slots.push(Math.floor(rnd() * keys.length));

const cpu = (f: () => number): [number, number] => {
  const t = process.cpuUsage();
  const r = f();
  const u = process.cpuUsage(t);
  return [(u.user + u.system) / 1000, r];
};
const rows: Record<string, number[]> = { 'bh q-values': [], 'bh cut': [], 'from(fn)': [], gather: [] };
for (let r = 0; r < rounds; r++) {
  const [qMs, qPass] = cpu(() => {
    const q = benjaminiHochberg(p, m);
    let k = 0;
    for (let i = 0; i < n; i++) if (q[i]! <= 0.05) k++;
    return k;
  });
  const [cMs, cPass] = cpu(() => {
    const cut = benjaminiHochbergCut(p, m, 0.05)!;
    let k = 0;
    for (let i = 0; i < n; i++) if (p[i]! <= cut) k++;
    return k;
  });
  if (qPass !== cPass) throw new Error(`BH: ${qPass} vs ${cPass} pass`);
  const [fMs, fSum] = cpu(() => Int32Array.from(slots, (x) => keys[x]!).reduce((a, b) => (a + b) | 0, 0));
  const [gMs, gSum] = cpu(() => gather(keys, slots).reduce((a, b) => (a + b) | 0, 0));
  if (fSum !== gSum) throw new Error('gather differs');
  rows['bh q-values']!.push(qMs);
  rows['bh cut']!.push(cMs);
  rows['from(fn)']!.push(fMs);
  rows.gather!.push(gMs);
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
for (const [k, xs] of Object.entries(rows))
  process.stdout.write(
    `${k.padEnd(12)} CPU ms ${xs.map((x) => x.toFixed(0)).join(', ')}; median ${median(xs).toFixed(0)}\n`,
  );
