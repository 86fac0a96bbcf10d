/**
 * Embeds the CheckThat! 2020 claims and tweets (train and dev) once with src/factcheck/embedder.ts,
 * for `bench/factcheck-quality.ts --dense DIR`: DIR/claims.f32, DIR/queries.f32 (rows of float32, unit
 * length) and DIR/ids.json (their order and the tweets' texts). Minutes of CPU (~30 ms a text here),
 * so it is cached; DIR must not be inside the repository (the data is research-use only).
 *
 *   node --import tsx bench/factcheck-embed.ts DIR [--model use-lite|MODEL_DIR]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import {
  BUNDLED_MODEL,
  factCheckEmbeddingText,
  loadEmbedder,
  postEmbeddingText,
} from '../src/factcheck/embedder.js';
import { sharedPath } from '../src/test-helpers/shared-dir.js';

const args = process.argv.slice(2);
const out = args[0];
if (out === undefined || out.startsWith('--')) throw new Error('usage: factcheck-embed.ts DIR [--model M]');
const model = args.includes('--model') ? args[args.indexOf('--model') + 1]! : BUNDLED_MODEL;
const dir = sharedPath('data', 'checkthat2020');
const jsonl = <T>(file: string): T[] =>
  readFileSync(`${dir}/${file}`, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
const claims = jsonl<{ id: string; title: string; claim: string }>('claims.jsonl');
const queries = [
  ...jsonl<{ id: string; text: string }>('queries-train.jsonl'),
  ...jsonl<{ id: string; text: string }>('queries-dev.jsonl'),
];
const embedder = await loadEmbedder(model);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const q = await embedder.embed(queries.map((x) => postEmbeddingText(x.text)));
const c = await embedder.embed(
  claims.map((x) => factCheckEmbeddingText({ claim: x.claim, headline: x.title })),
);
const cpu = process.cpuUsage(cpu0);
mkdirSync(out, { recursive: true });
writeFileSync(`${out}/queries.f32`, new Uint8Array(q.buffer, q.byteOffset, q.byteLength));
writeFileSync(`${out}/claims.f32`, new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
writeFileSync(
  `${out}/ids.json`,
  JSON.stringify({ model, dim: embedder.dim, claims: claims.map((x) => x.id), queries }),
);
const n = queries.length + claims.length;
console.log(
  `${n} texts embedded in ${((performance.now() - t0) / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e3 / n).toFixed(1)} ms CPU a text`,
);
