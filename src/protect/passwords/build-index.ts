/**
 * Builds a password index from corpus files (hash lists, per-prefix range files, password lists).
 *
 * Two paths, chosen per run:
 * 1. Sorted input (the downloader's single file and its range files are in prefix order): records
 *    stream straight into the writer, one pass, O(1) memory beyond buffers.
 * 2. Anything else (password lists, several unordered files, or a sorted attempt that met a smaller
 *    hash): an external radix sort. Pass 1 scatters fixed-size records (hash + float64 count) into
 *    2^partitionBits temporary files by their leading bits; pass 2 loads one partition at a time,
 *    counting-sorts it by the rest of the 20-bit prefix, sorts each small prefix bucket (~2,000 rows on
 *    the real corpus), merges duplicates and writes. Memory: one partition, i.e. input/2^bits ×
 *    (hash + 8) bytes: the full ~2·10⁹-hash corpus at the default 8 bits is ~220 MB per partition.
 *    I/O: input read once (twice if a sorted attempt fails), records written and read once more.
 */
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LockstepError } from '../../core/errors.js';
import type { HashMode } from './hash.js';
import { HASH_BYTES, initNtlm } from './hash.js';
import type { CorpusFile, CorpusFormat, RecordSink, SkipExample, SkipReason } from './corpus-reader.js';
import { SkipLog, readCorpusFile, sniffFile } from './corpus-reader.js';
import { IndexWriter, OutOfOrderError } from './index-writer.js';
import type { WriterSummary } from './index-writer.js';

export interface BuildOptions {
  readonly inputs: readonly string[];
  readonly out: string;
  /** Hash mode of the index; default: the mode of the hash/range files, else `sha1`. */
  readonly mode?: HashMode;
  /** Force a layout for every input instead of sniffing each file. */
  readonly format?: CorpusFormat;
  /** Where the external sort puts its partitions (default: the OS temp dir). */
  readonly tmpDir?: string;
  readonly partitionBits?: number;
  /** How many skipped-line examples to keep (default 20). */
  readonly keepSkipExamples?: number;
}

export interface BuildReport extends WriterSummary {
  readonly files: number;
  readonly inputBytes: number;
  readonly linesSkipped: number;
  readonly skipsByReason: Partial<Record<SkipReason, number>>;
  readonly skipExamples: readonly SkipExample[];
  /** 'sorted' when the one-pass path succeeded, 'external-sort' otherwise. */
  readonly path: 'sorted' | 'external-sort';
  readonly bytesPerHash: number;
  readonly seconds: number;
}

const RANGE_NAME = /^[0-9A-Fa-f]{5}\.txt$/;

function expandInputs(inputs: readonly string[]): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    let st;
    try {
      st = statSync(input);
    } catch (e) {
      throw new LockstepError('ERR_IO', `cannot read corpus input ${input}`, { file: input }, { cause: e });
    }
    if (st.isDirectory()) {
      const names = readdirSync(input).filter((n) => RANGE_NAME.test(n));
      if (names.length === 0) {
        throw new LockstepError(
          'ERR_PASSWORDS_BAD_CORPUS',
          `${input}: directory holds no ABCDE.txt range files`,
          {
            file: input,
          },
        );
      }
      names.sort((a, b) => a.toUpperCase().localeCompare(b.toUpperCase()));
      for (const n of names) files.push(join(input, n));
    } else files.push(input);
  }
  return files;
}

function chooseMode(files: readonly CorpusFile[], wanted?: HashMode): HashMode {
  let mode = wanted;
  let from = wanted ? '--mode' : '';
  for (const f of files) {
    if (f.format === 'passwords') continue;
    if (!f.mode) {
      throw new LockstepError(
        'ERR_PASSWORDS_BAD_CORPUS',
        `${f.path}: no HASH:COUNT line in the first lines`,
        {
          file: f.path,
          line: 1,
        },
      );
    }
    if (f.format === 'range' && f.prefix === undefined) {
      throw new LockstepError('ERR_PASSWORDS_BAD_CORPUS', `${f.path}: a range file must be named ABCDE.txt`, {
        file: f.path,
      });
    }
    if (mode && f.mode !== mode) {
      throw new LockstepError(
        'ERR_PASSWORDS_BAD_CORPUS',
        `${f.path} holds ${f.mode} hashes but ${from} is ${mode}: build one index per mode`,
        { file: f.path, line: 1 },
      );
    }
    if (!mode) {
      mode = f.mode;
      from = f.path;
    }
  }
  return mode ?? 'sha1';
}

/** Builds the index; throws LockstepError for whole-file problems, counts line problems. */
export async function buildIndex(opts: BuildOptions): Promise<BuildReport> {
  const t0 = performance.now();
  const files = expandInputs(opts.inputs).map((p) => sniffFile(p, opts.format));
  const mode = chooseMode(files, opts.mode);
  if (mode === 'ntlm') await initNtlm();
  const allHashes = files.every((f) => f.format !== 'passwords');
  const totalBytes = files.reduce((sum, f) => sum + statSync(f.path).size, 0);

  const run = (path: 'sorted' | 'external-sort'): BuildReport => {
    const skips = new SkipLog(opts.keepSkipExamples ?? 20);
    let inputBytes = 0;
    const summary =
      path === 'sorted'
        ? writeSorted(opts.out, mode, (sink) => {
            for (const f of files) inputBytes += readCorpusFile(f, mode, skips, sink);
          })
        : writeExternal(opts, mode, totalBytes, (sink) => {
            for (const f of files) inputBytes += readCorpusFile(f, mode, skips, sink);
          });
    return {
      ...summary,
      files: files.length,
      inputBytes,
      linesSkipped: skips.total,
      skipsByReason: skips.byReason,
      skipExamples: skips.examples,
      path,
      bytesPerHash: summary.hashes > 0 ? summary.fileBytes / summary.hashes : 0,
      seconds: (performance.now() - t0) / 1000,
    };
  };

  if (allHashes) {
    try {
      return run('sorted');
    } catch (e) {
      if (!(e instanceof OutOfOrderError)) throw e;
    }
  }
  return run('external-sort');
}

function writeSorted(out: string, mode: HashMode, feed: (sink: RecordSink) => void): WriterSummary {
  const writer = new IndexWriter(out, mode);
  try {
    feed((hash, count) => {
      writer.add(hash, count);
    });
    return writer.finish();
  } catch (e) {
    writer.abort();
    throw e;
  }
}

function writeExternal(
  opts: BuildOptions,
  mode: HashMode,
  inputBytes: number,
  feed: (sink: RecordSink) => void,
): WriterSummary {
  // Small inputs sort in one partition; big ones scatter so one partition fits in memory.
  const bits = opts.partitionBits ?? (inputBytes < 256 << 20 ? 0 : 8);
  if (!Number.isInteger(bits) || bits < 0 || bits > 12) {
    throw new LockstepError('ERR_USAGE', `partitionBits must be an integer 0…12, got ${bits}`);
  }
  const hb = HASH_BYTES[mode];
  const rec = hb + 8;
  const parts = 1 << bits;
  const dir = mkdtempSync(join(opts.tmpDir ?? tmpdir(), 'lockstep-pwidx-'));
  try {
    // Pass 1: scatter records by their leading `bits` bits.
    const fds: number[] = [];
    const bufs: Buffer[] = [];
    const fill = new Int32Array(parts);
    const bufBytes = rec * Math.max(64, Math.floor((32 << 20) / parts / rec));
    for (let p = 0; p < parts; p++) {
      fds.push(openSync(join(dir, `${p}.part`), 'w'));
      bufs.push(Buffer.allocUnsafe(bufBytes));
    }
    const flush = (p: number): void => {
      let done = 0;
      while (done < fill[p]!) done += writeSync(fds[p]!, bufs[p]!, done, fill[p]! - done);
      fill[p] = 0;
    };
    try {
      const shift = 16 - bits;
      feed((hash, count) => {
        const p = bits === 0 ? 0 : ((hash[0]! << 8) | hash[1]!) >> shift;
        const b = bufs[p]!;
        let f = fill[p]!;
        hash.copy(b, f, 0, hb);
        b.writeDoubleLE(count, f + hb);
        f += rec;
        fill[p] = f;
        if (f + rec > b.length) flush(p);
      });
      for (let p = 0; p < parts; p++) flush(p);
    } finally {
      for (const fd of fds) closeSync(fd);
    }
    bufs.length = 0;

    // Pass 2: sort each partition in memory, in order, into the writer.
    const writer = new IndexWriter(opts.out, mode);
    try {
      const sub = 1 << (20 - bits); // prefixes per partition
      for (let p = 0; p < parts; p++) {
        const file = join(dir, `${p}.part`);
        const data = readFileSync(file);
        rmSync(file);
        const n = data.length / rec;
        if (n === 0) continue;
        const bucketOf = (i: number): number => {
          const o = i * rec;
          const prefix = (data[o]! << 12) | (data[o + 1]! << 4) | (data[o + 2]! >> 4);
          return prefix & (sub - 1);
        };
        const starts = new Uint32Array(sub + 1);
        for (let i = 0; i < n; i++) starts[bucketOf(i) + 1]!++;
        for (let b = 0; b < sub; b++) starts[b + 1]! += starts[b]!;
        const order = new Uint32Array(n);
        const next = starts.slice(0, sub);
        for (let i = 0; i < n; i++) order[next[bucketOf(i)]!++] = i;
        for (let b = 0; b < sub; b++) {
          const from = starts[b]!;
          const to = starts[b + 1]!;
          const slice = order.subarray(from, to);
          if (slice.length > 1)
            slice.sort((x, y) => data.compare(data, y * rec, y * rec + hb, x * rec, x * rec + hb));
          for (const i of slice) writer.add(data, data.readDoubleLE(i * rec + hb), i * rec);
        }
      }
      return writer.finish();
    } catch (e) {
      writer.abort();
      throw e;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
