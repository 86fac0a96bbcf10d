/**
 * The read stage's main-thread work alone, in memory: the first N bytes of a twitter-io file are
 * tokenised and encoded once as the read worker does (engine/post-batch.ts, ids and texts as bytes,
 * 8,192 posts a batch; not timed), then R rounds each build fresh columns from those batches
 * (engine/actions.ts `ColumnsBuilder.addEncoded`: interning, the original texts' normalisation and
 * look-up) and print the CPU ms of each round. Why: at 3M posts the main thread's share of a read is
 * ~6 s beside the worker's ~15 s on a loaded machine; a change to it is lost in a whole read's noise.
 *
 *   node --import tsx bench/columns-build.ts FILE [--root DIR] [--bytes N] [--rounds R]
 *
 * `--root DIR` loads another checkout's build (DIR/dist). Run base and new alternating, one process
 * each (bench/read-encode-ab.ts explains why). Cost: N bytes gunzipped plus the batches in memory.
 */
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CsvRecord } from '../src/ingest/csv-tokenizer.js';
import type { PostView } from '../src/ingest/formats/common.js';
import type { EncodedBatch } from '../src/detect/engine/post-batch.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const file = args[0];
const root = opt('--root');
const bytes = Number(opt('--bytes') ?? 150_000_000);
const rounds = Number(opt('--rounds') ?? 4);
if (file === undefined || !(bytes > 0) || !(rounds > 0)) {
  process.stderr.write('usage: columns-build.ts FILE [--root DIR] [--bytes N] [--rounds R]\n');
  process.exit(64);
}
const from = (rel: string): string =>
  root === undefined ? `../src/${rel}.ts` : pathToFileURL(join(root, 'dist', `${rel}.js`)).href;
const tokenizer = (await import(
  from('ingest/csv-tokenizer')
)) as typeof import('../src/ingest/csv-tokenizer.js');
const io = (await import(
  from('ingest/formats/twitter-io')
)) as typeof import('../src/ingest/formats/twitter-io.js');
const batch = (await import(
  from('detect/engine/post-batch')
)) as typeof import('../src/detect/engine/post-batch.js');
const actions = (await import(
  from('detect/engine/actions')
)) as typeof import('../src/detect/engine/actions.js');
const behaviour = (await import(from('core/behaviour'))) as typeof import('../src/core/behaviour.js');

// As detect's default run (bench/read-once.ts): every behaviour, lockstep mode.
const options = { behaviours: behaviour.BEHAVIOURS, repostsOnlyRetweet: true };
const fields = batch.FIELD_BEHAVIOURS.filter((b) => options.behaviours.includes(b));
const data = gunzipSync(readFileSync(file)).subarray(0, bytes);
const encoder = new batch.PostEncoder({ fields, onlyRetweet: true, idBytes: true, textBytes: true });
const batches: EncodedBatch[] = [];
let view: ((r: CsvRecord) => PostView) | undefined;
const onRecord = (r: CsvRecord): void => {
  if (view === undefined) {
    view = io.twitterIo.view!(r.toArray(), { file, options: {} });
    return;
  }
  encoder.add(view(r));
  if (encoder.pending >= 8192) batches.push(encoder.flush());
};
const tok = new tokenizer.CsvTokenizer({ file });
for (let at = 0; at < data.length; at += 1 << 20)
  tok.push(data.subarray(at, Math.min(data.length, at + (1 << 20))), onRecord);
tok.end(onRecord);
if (encoder.pending > 0) batches.push(encoder.flush());

const cpuMs: number[] = [];
let posts = 0;
let texts = 0;
for (let round = 0; round < rounds; round++) {
  const builder = new actions.ColumnsBuilder(options, fields);
  const c0 = process.cpuUsage();
  for (const b of batches) builder.addEncoded(b);
  const c = process.cpuUsage(c0);
  cpuMs.push(Math.round((c.user + c.system) / 1000));
  posts = builder.n;
  texts = builder.originalTexts.size;
}
process.stdout.write(JSON.stringify({ root: root ?? 'src', posts, texts, cpuMs }) + '\n');
