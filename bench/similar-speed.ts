/**
 * Benchmark of near-duplicate grouping (src/detect/similar): generates N distinct ~100-character texts
 * from a seeded Zipf-like vocabulary, 5 % of them edited copies of shared templates (one or two words
 * changed, a different URL or mention), and reports texts/s (wall and CPU time:
 * the CPU figure is what one core gives when the shared machine is busy).
 *
 *   node --import tsx bench/similar-speed.ts [N=1500000] [threshold=0.7] [k=32] [densified|minhash] [raw]
 *
 * With `raw`, the texts go to nearDuplicateGroups unnormalised (it normalises them itself, keeping
 * only the distinct ones): co-similar on its own. Without, they are normalised first, as a pipeline
 * that also keys co-post would do, and passed with `normalised: true`.
 *
 * Note the machine load (`uptime`) beside the numbers: the machine is shared.
 */
import { loadavg } from 'node:os';
import { nearDuplicateGroupsDetailed, normaliseText } from '../src/detect/similar/index.js';
import { splitmix32 } from '../src/detect/similar/minhash.js';

const N = Number(process.argv[2] ?? 1_500_000);
const threshold = Number(process.argv[3] ?? 0.7);
const hashes = Number(process.argv[4] ?? 32);
const scheme = process.argv[5] === 'minhash' ? 'minhash' : 'densified';
const next = splitmix32(42);
const rand = (): number => (next() >>> 0) / 2 ** 32;

const VOCAB = 30_000;
const words: string[] = [];
for (let i = 0; i < VOCAB; i++) {
  let w = '';
  const len = 2 + Math.floor(rand() * 8);
  for (let j = 0; j < len; j++) w += String.fromCharCode(97 + Math.floor(rand() * 26));
  words.push(i % 7 === 0 ? w[0]!.toUpperCase() + w.slice(1) : w);
}
// Zipf-like draw: index ~ VOCAB^u − 1 concentrates on the head of the vocabulary.
const word = (): string => words[Math.min(VOCAB - 1, Math.floor(Math.pow(VOCAB, rand())) - 1)]!;

function sentence(): string[] {
  const out: string[] = [];
  let len = 0;
  while (len < 95) {
    const w = word();
    out.push(w);
    len += w.length + 1;
  }
  return out;
}

const t0 = performance.now();
const templates: string[][] = [];
for (let i = 0; i < 2_000; i++) templates.push(sentence());
const texts: string[] = [];
for (let i = 0; i < N; i++) {
  if (rand() < 0.05) {
    const t = templates[Math.floor(rand() * templates.length)]!.slice();
    t[Math.floor(rand() * t.length)] = word();
    if (rand() < 0.5) t[Math.floor(rand() * t.length)] = word();
    texts.push(`${t.join(' ')} https://t.co/${i.toString(36)} @user${i % 977}`);
  } else {
    const s = sentence();
    texts.push(rand() < 0.3 ? `${s.join(' ')}!! https://ex.am/${i}` : s.join(' '));
  }
}
const genMs = performance.now() - t0;

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const raw = process.argv[6] === 'raw';
const c1 = cpu();
const t1 = performance.now();
const normalised = raw ? texts : texts.map(normaliseText);
const normMs = performance.now() - t1;
const normCpu = cpu() - c1;

const c2 = cpu();
const t2 = performance.now();
const { diagnostics } = nearDuplicateGroupsDetailed(normalised, {
  threshold,
  hashes,
  scheme,
  normalised: !raw,
});
const groupMs = performance.now() - t2;
const groupCpu = cpu() - c2;

const rate = (ms: number): string => Math.round(N / (ms / 1000)).toLocaleString('en');
const fmt = (wall: number, cpuMs: number): string =>
  `wall ${(wall / 1000).toFixed(2)} s (${rate(wall)} texts/s), CPU ${(cpuMs / 1000).toFixed(2)} s (${rate(cpuMs)} texts/s)`;
const meanLen = texts.reduce((s, t) => s + t.length, 0) / N;
console.log(
  `texts: ${N.toLocaleString('en')}, mean length ${meanLen.toFixed(0)} chars, threshold ${threshold}, k ${hashes}, ${scheme}`,
);
console.log(`generate:        ${(genMs / 1000).toFixed(2)} s`);
console.log(raw ? 'normaliseText:   (inside group: raw mode)' : `normaliseText:   ${fmt(normMs, normCpu)}`);
console.log(`group:           ${fmt(groupMs, groupCpu)}`);
console.log(`total:           ${fmt(normMs + groupMs, normCpu + groupCpu)}`);
console.log(`diagnostics: ${JSON.stringify(diagnostics)}`);
console.log(
  `peak RSS: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB; load average: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
