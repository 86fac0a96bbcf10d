/**
 * The read worker's per-row work on a twitter-io file, in memory and cumulative by stage, so that a
 * change to one stage is measured without gunzip, the main thread or the other stages' noise:
 *
 *   tok   the CSV tokenizer alone (ingest/csv-tokenizer.ts)
 *   load  + the row view's `load` (ingest/formats/twitter-io.ts: profile cache, time, repost flag)
 *   enc   + the encoder (detect/engine/post-batch.ts `add`, a flush per 8,192 posts)
 *   cols  the main thread's side instead: the batches of `enc` are made once (not timed), then each round
 *         builds fresh columns from them (engine/actions.ts `ColumnsBuilder.addEncoded`: interning, the
 *         original texts' normalisation and look-up), with detect's default behaviours
 *
 *   node --import tsx bench/read-stages.ts FILE STAGE [--root DIR] [--bytes N] [--rounds R]
 *
 * FILE is gunzipped once (not timed); the first N bytes (default 150 MB, ~325k simulated rows) are
 * fed in 1 MiB chunks R times (default 4), each round with a fresh tokenizer, view and encoder; prints
 * the CPU ms of each round (user + system of this process: run one stage per process, base and new
 * alternating, as bench/read-encode-ab.ts explains). `--root DIR` loads another checkout's build (DIR/dist).
 */
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CsvRecord } from '../src/ingest/csv-tokenizer.js';
import type { PostView } from '../src/ingest/formats/common.js';
import { FIELD_BEHAVIOURS, type EncodedBatch } from '../src/detect/engine/encoded-batch.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const [file, stage] = args;
const root = opt('--root');
const bytes = Number(opt('--bytes') ?? 150_000_000);
const rounds = Number(opt('--rounds') ?? 4);
if (file === undefined || !['tok', 'load', 'enc', 'cols'].includes(stage ?? '') || !(bytes > 0)) {
  process.stderr.write(
    'usage: read-stages.ts FILE tok|load|enc|cols [--root DIR] [--bytes N] [--rounds R]\n',
  );
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

const data = gunzipSync(readFileSync(file)).subarray(0, bytes);
const cpuMs: number[] = [];
let rows = 0;
let sink = 0;
/** With `cols`: the encoded batches, kept from one untimed pass. */
const batches: EncodedBatch[] | undefined = stage === 'cols' ? [] : undefined;
for (let round = 0; round < (batches === undefined ? rounds : 1); round++) {
  const tok = new tokenizer.CsvTokenizer({ file });
  const encoder = new batch.PostEncoder({
    fields: FIELD_BEHAVIOURS,
    onlyRetweet: true,
    idBytes: true,
    textBytes: true,
  });
  let view: ((r: CsvRecord) => PostView) | undefined;
  rows = 0;
  const onRecord = (r: CsvRecord): void => {
    if (view === undefined) {
      view = io.twitterIo.view!(r.toArray(), { file, options: {} });
      return;
    }
    rows++;
    if (stage === 'tok') sink += r.count;
    else if (stage === 'load') sink += view(r).time;
    else {
      encoder.add(view(r));
      if (encoder.pending >= 8192) {
        const b = encoder.flush();
        sink += b.count;
        batches?.push(b);
      }
    }
  };
  const c0 = process.cpuUsage();
  for (let at = 0; at < data.length; at += 1 << 20)
    tok.push(data.subarray(at, Math.min(data.length, at + (1 << 20))), onRecord);
  tok.end(onRecord);
  const c = process.cpuUsage(c0);
  cpuMs.push(Math.round((c.user + c.system) / 1000));
  if (batches !== undefined && encoder.pending > 0) batches.push(encoder.flush());
}
if (batches !== undefined) {
  const actions = (await import(
    from('detect/engine/actions')
  )) as typeof import('../src/detect/engine/actions.js');
  const { BEHAVIOURS } = (await import(from('core/behaviour'))) as typeof import('../src/core/behaviour.js');
  // As detect's default run (bench/read-once.ts): every behaviour, lockstep mode.
  const options = { behaviours: BEHAVIOURS, repostsOnlyRetweet: true };
  cpuMs.length = 0;
  for (let round = 0; round < rounds; round++) {
    const builder = new actions.ColumnsBuilder(options, FIELD_BEHAVIOURS);
    const c0 = process.cpuUsage();
    for (const b of batches) builder.addEncoded(b);
    const c = process.cpuUsage(c0);
    cpuMs.push(Math.round((c.user + c.system) / 1000));
    sink += builder.originalTexts.size;
  }
}
process.stdout.write(JSON.stringify({ root: root ?? 'src', stage, rows, cpuMs, sink: sink > 0 }) + '\n');
