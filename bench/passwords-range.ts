/**
 * Range lookups on a large password index: in-process (sync and async reads) and over HTTP on loopback
 * with autocannon. The index (random 20-byte SHA-1 hashes, default 100 million) is generated once
 * under bench/data/: per prefix, sorted keys come from cumulative exponential gaps (sorted uniform
 * order statistics), so nothing is sorted and generation is O(n).
 *
 *   node --import tsx bench/passwords-range.ts [hashes=100000000] [seconds=10] [connections=16]
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import autocannon from 'autocannon';
import { IndexWriter } from '../src/protect/passwords/index-writer.js';
import { RangeIndex } from '../src/protect/passwords/range-index.js';
import { buildRangeServer } from '../src/protect/passwords/routes.js';
import { PREFIX_COUNT, formatPrefix } from '../src/protect/passwords/hash.js';

const hashes = Number(process.argv[2] ?? 100_000_000);
const seconds = Number(process.argv[3] ?? 10);
const connections = Number(process.argv[4] ?? 16);
const path = new URL(`./data/pwned-random-${hashes}.idx`, import.meta.url).pathname;

/** xorshift128+ style seeded generator (reproducible index). */
function rng(seed: number): () => number {
  let a = seed >>> 0 || 1;
  let b = 0x9e3779b9;
  return () => {
    let t = a ^ (a << 11);
    a = b;
    b = b ^ (b >>> 19) ^ (t ^ (t >>> 8));
    t = b >>> 0;
    return t / 4294967296;
  };
}

function generate(): void {
  const t0 = performance.now();
  const rand = rng(42);
  const w = new IndexWriter(path, 'sha1');
  const hash = Buffer.alloc(20);
  const perPrefix = hashes / PREFIX_COUNT;
  for (let p = 0; p < PREFIX_COUNT; p++) {
    const n = Math.floor(perPrefix) + (rand() < perPrefix % 1 ? 1 : 0);
    hash[0] = p >> 12;
    hash[1] = (p >> 4) & 0xff;
    // Next 28 bits (after the prefix nibble) form a sorted key: cumulative exponential gaps scaled to
    // the span are sorted uniform order statistics, so no sort is needed.
    const span = 2 ** 28;
    const gaps = new Float64Array(n + 1);
    let total = 0;
    for (let i = 0; i <= n; i++) total += gaps[i] = -Math.log(1 - rand());
    let acc = 0;
    let key = -1;
    for (let i = 0; i < n; i++) {
      acc += gaps[i]!;
      key = Math.max(key + 1, Math.floor((acc / total) * span));
      if (key >= span) break;
      hash[2] = ((p & 0x0f) << 4) | (key >>> 24);
      hash.writeUIntBE(key & 0xffffff, 3, 3);
      for (let j = 6; j < 20; j += 2) hash.writeUInt16BE((rand() * 65536) | 0, j);
      w.add(hash, 1 + Math.floor(-Math.log(1 - rand()) * 3));
    }
  }
  const s = w.finish();
  console.log(`generated ${s.hashes} hashes in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

function pct(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

if (!existsSync(path)) generate();
const index = RangeIndex.open(path);
const st = index.stats();
console.log(
  `index ${path}: ${st.hashes} hashes, ${(st.fileBytes / 1e9).toFixed(2)} GB, ${st.bytesPerHash.toFixed(2)} bytes/hash`,
);
console.log(
  `load before: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} (${cpus().length} cores)`,
);

const rand = rng(7);
for (const kind of ['sync', 'async'] as const) {
  const n = 20_000;
  const lat = new Float64Array(n);
  let bytes = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const p = Math.floor(rand() * PREFIX_COUNT);
    const s = performance.now();
    const body = kind === 'sync' ? index.rangeSync(p) : await index.range(p);
    lat[i] = performance.now() - s;
    bytes += body.length;
  }
  const total = (performance.now() - t0) / 1000;
  lat.sort();
  console.log(
    `in-process ${kind}: ${(n / total).toFixed(0)} lookups/s, p50 ${(pct(lat, 0.5) * 1000).toFixed(0)} µs, ` +
      `p99 ${(pct(lat, 0.99) * 1000).toFixed(0)} µs, mean body ${(bytes / n).toFixed(0)} B`,
  );
}

const app = await buildRangeServer({ indexes: { sha1: index } });
const address = await app.listen({ port: 0, host: '127.0.0.1' });
for (const padded of [false, true]) {
  const result = await autocannon({
    url: address,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        headers: padded ? { 'add-padding': 'true' } : {},
        setupRequest: (req) => ({
          ...req,
          path: `/range/${formatPrefix(Math.floor(rand() * PREFIX_COUNT))}`,
        }),
      },
    ],
  });
  console.log(
    `HTTP loopback${padded ? ' (Add-Padding)' : ''}: ${result.requests.average.toFixed(0)} req/s, ` +
      `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${result.errors}, non2xx ${result.non2xx}`,
  );
}
console.log(
  `load after: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
await app.close();
index.close();
