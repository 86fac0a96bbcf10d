/**
 * Embeds the CheckThat! 2020 claims and tweets (train and dev) once with src/factcheck/embedder.ts,
 * for `bench/factcheck-quality.ts --dense DIR`: DIR/claims.f32, DIR/queries.f32 (rows of float32, unit
 * length) and DIR/ids.json (their order and the tweets' texts). Minutes of CPU (~30 ms a text here),
 * so it is cached; DIR must not be inside the repository (the data is research-use only).
 *
 * `--parts` embeds, instead, what bench/factcheck-cv.ts compares against the one vector above: the
 * tweets without their `— Name (@handle) date` signature (queries-nosig.f32) and with only the name
 * kept (queries-name.f32), each claim's headline alone (headline.f32) and its claim alone (claim.f32),
 * each file written as soon as it is done, in that order (cheapest first).
 *
 * `--only a,b` keeps those of the four (by file stem: nosig, name, headline, claim) — each pass is minutes.
 *
 *   node --import tsx bench/factcheck-embed.ts DIR [--model use-lite|MODEL_DIR] [--parts [--only LIST]]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import {
  BUNDLED_MODEL,
  factCheckEmbeddingText,
  loadEmbedder,
  postEmbeddingText,
} from '../src/factcheck/embedder.js';
import { checkThat } from './checkthat-data.js';

const args = process.argv.slice(2);
const out = args[0];
if (out === undefined || out.startsWith('--'))
  throw new Error('usage: factcheck-embed.ts DIR [--model M] [--parts]');
const model = args.includes('--model') ? args[args.indexOf('--model') + 1]! : BUNDLED_MODEL;
const only = args.includes('--only') ? args[args.indexOf('--only') + 1]!.split(',') : undefined;
const unknown = only?.filter((x) => !['nosig', 'name', 'headline', 'claim'].includes(x));
if (unknown?.length) throw new Error(`--only: no part ${unknown.join(', ')} (nosig, name, headline, claim)`);
const data = checkThat();
if (!data) throw new Error('the CheckThat! 2020 data is absent (bench/checkthat-data.ts)');
const { claims } = data;
const queries = [...data.queries('train'), ...data.queries('dev')];
const embedder = await loadEmbedder(model);
mkdirSync(out, { recursive: true });
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let n = 0;
async function embedTo(file: string, texts: string[]): Promise<void> {
  const stem = file.replace(/^queries-/u, '').replace(/\.f32$/u, '');
  if (only && !only.includes(stem)) return;
  const v = await embedder.embed(texts);
  writeFileSync(`${out}/${file}`, new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  n += texts.length;
  console.log(`${file}: ${texts.length} texts`);
}
/** The signature CheckThat! tweets end with ("— Ilhan Omar (@IlhanMN) January 6, 2020"), truncated years too. */
const SIGNATURE_RE = /\s*—\s*([^—]*?)\s*\(@\w+\)\s*[A-Z][a-z]+ \d{1,2}, \d{1,4}\s*$/u;
if (args.includes('--parts')) {
  await embedTo(
    'queries-nosig.f32',
    queries.map((x) => postEmbeddingText(x.text.replace(SIGNATURE_RE, ''))),
  );
  await embedTo(
    'queries-name.f32',
    queries.map((x) => postEmbeddingText(x.text.replace(SIGNATURE_RE, ' — $1'))),
  );
  await embedTo(
    'headline.f32',
    claims.map((x) => x.title),
  );
  await embedTo(
    'claim.f32',
    claims.map((x) => x.claim),
  );
} else {
  await embedTo(
    'queries.f32',
    queries.map((x) => postEmbeddingText(x.text)),
  );
  await embedTo(
    'claims.f32',
    claims.map((x) => factCheckEmbeddingText({ claim: x.claim, headline: x.title })),
  );
}
writeFileSync(
  `${out}/ids.json`,
  JSON.stringify({ model, dim: embedder.dim, claims: claims.map((x) => x.id), queries }),
);
const cpu = process.cpuUsage(cpu0);
console.log(
  `${n} texts embedded in ${((performance.now() - t0) / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e3 / n).toFixed(1)} ms CPU a text`,
);
