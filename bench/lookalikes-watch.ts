/**
 * Watch throughput: observed domains per second through the matcher against 100 protected domains
 * (synthetic, seeded: random pronounceable names plus 1% lookalikes). Matcher only (names already
 * normalised) and normalise+match. Run: node --import tsx bench/lookalikes-watch.ts [millions]
 */
import { cpus, loadavg } from 'node:os';
import { WatchMatcher, normaliseObserved, parseProtectedDomain } from '../src/protect/lookalikes/index.js';

const N = Math.round(Number(process.argv[2] ?? 1) * 1e6);
let seed = 42;
const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
const C = 'bcdfghjklmnprstvwz';
const V = 'aeiou';
const word = (len: number) => {
  let s = '';
  for (let i = 0; i < len; i++)
    s += i % 2 ? V[Math.floor(rnd() * V.length)]! : C[Math.floor(rnd() * C.length)]!;
  return s;
};
const TLDS = ['com', 'net', 'org', 'gov', 'de', 'co.uk', 'xyz'];
const protectedNames = Array.from(
  { length: 100 },
  () => `${word(5 + Math.floor(rnd() * 8))}.${TLDS[Math.floor(rnd() * 4)]!}`,
);
const matcher = new WatchMatcher(protectedNames.map((d) => parseProtectedDomain(d)));
const observed: string[] = [];
for (let i = 0; i < N; i++) {
  if (rnd() < 0.01) {
    const p = protectedNames[Math.floor(rnd() * 100)]!;
    observed.push(p.replace(/[aeiou]/, 'o').replace('.', rnd() < 0.5 ? '-login.' : '.'));
  } else {
    const sub = rnd() < 0.3 ? `${word(3)}.` : '';
    observed.push(`${sub}${word(4 + Math.floor(rnd() * 12))}.${TLDS[Math.floor(rnd() * TLDS.length)]!}`);
  }
}
console.log(
  `# lookalikes-watch: ${N} names, 100 protected; ${cpus().length} cores, load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
for (const mode of ['match', 'normalise+match'] as const) {
  const rates: number[] = [];
  let hits = 0;
  for (let run = 0; run < 3; run++) {
    hits = 0;
    const t = process.hrtime.bigint();
    for (const d of observed) {
      if (mode === 'match') hits += matcher.match(d).length;
      else {
        const o = normaliseObserved(d);
        if (o.ok) hits += matcher.match(o.ascii, o.unicode).length;
      }
    }
    rates.push(N / (Number(process.hrtime.bigint() - t) / 1e9));
  }
  rates.sort((a, b) => a - b);
  console.log(`${mode}\tmedian ${(rates[1]! / 1e6).toFixed(2)} M names/s\thits ${hits}`);
}
