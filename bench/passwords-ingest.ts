/**
 * Ingest throughput: `buildIndex` on a downloader-style single file (`HASH:COUNT`, CRLF, sorted →
 * one-pass path) and on the same hashes shuffled (external sort), against a plain sequential read of
 * the same file (1 MiB reads, no parsing), the I/O floor. Files are generated under bench/data/.
 *
 *   node --import tsx bench/passwords-ingest.ts [hashes=5000000]
 */
import { closeSync, existsSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { buildIndex } from '../src/protect/passwords/build-index.js';

const hashes = Number(process.argv[2] ?? 5_000_000);
const dir = new URL('./data/', import.meta.url).pathname;
const sorted = `${dir}pwned-text-${hashes}.txt`;
const shuffled = `${dir}pwned-text-${hashes}-shuffled.txt`;

function writeCorpus(path: string): void {
  // Prefix-ordered synthetic hashes: the prefix walks 00000…FFFFF, the suffix comes from SHA-1.
  const fd = openSync(path, 'w');
  const buf = Buffer.allocUnsafe(8 << 20);
  let pos = 0;
  const per = hashes / (1 << 20);
  let emitted = 0;
  for (let p = 0; p < 1 << 20; p++) {
    const target = Math.floor((p + 1) * per);
    const rows: string[] = [];
    for (; emitted < target; emitted++) {
      const h = createHash('sha1').update(String(emitted)).digest('hex').toUpperCase();
      rows.push(`${p.toString(16).toUpperCase().padStart(5, '0')}${h.slice(5)}:${1 + (emitted % 97)}`);
    }
    rows.sort();
    for (const r of rows) {
      pos += buf.write(`${r}\r\n`, pos, 'latin1');
      if (pos > buf.length - 100) {
        writeSync(fd, buf, 0, pos);
        pos = 0;
      }
    }
  }
  writeSync(fd, buf, 0, pos);
  closeSync(fd);
}

function writeShuffled(src: string, dst: string): void {
  // Interleave: read the sorted file and deal its lines into 64 round-robin groups written in turn.
  const data = Buffer.alloc(statSync(src).size);
  const fd = openSync(src, 'r');
  readSync(fd, data, 0, data.length, 0);
  closeSync(fd);
  const lines = data.toString('latin1').split('\r\n');
  const out = openSync(dst, 'w');
  for (let g = 0; g < 64; g++) {
    const part: string[] = [];
    for (let i = g; i < lines.length; i += 64) if (lines[i]) part.push(lines[i]!);
    writeSync(out, part.join('\r\n') + '\r\n');
  }
  closeSync(out);
}

function plainRead(path: string): number {
  const t0 = performance.now();
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  let pos = 0;
  for (let n = readSync(fd, buf, 0, buf.length, pos); n > 0; n = readSync(fd, buf, 0, buf.length, pos))
    pos += n;
  closeSync(fd);
  return (performance.now() - t0) / 1000;
}

if (!existsSync(sorted)) writeCorpus(sorted);
if (!existsSync(shuffled)) writeShuffled(sorted, shuffled);
const mb = statSync(sorted).size / 1e6;
console.log(`corpus ${sorted}: ${hashes} hashes, ${mb.toFixed(0)} MB; load ${loadavg()[0]!.toFixed(2)}`);
plainRead(sorted); // warm the page cache so both runs read from memory
const readS = plainRead(sorted);
console.log(`plain sequential read: ${(mb / readS).toFixed(0)} MB/s`);
for (const [name, file] of [
  ['sorted single file', sorted],
  ['shuffled (external sort)', shuffled],
] as const) {
  const r = await buildIndex({ inputs: [file], out: `${dir}ingest-bench.idx` });
  console.log(
    `${name}: ${(mb / r.seconds).toFixed(1)} MB/s (${(r.hashes / r.seconds / 1e6).toFixed(2)} M hashes/s), ` +
      `${r.path}, ${r.bytesPerHash.toFixed(2)} bytes/hash, index ${(r.fileBytes / 1e6).toFixed(0)} MB ` +
      `vs ${mb.toFixed(0)} MB text; load ${loadavg()[0]!.toFixed(2)}`,
  );
}
