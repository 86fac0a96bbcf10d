/**
 * Writes every output of a detection run into one directory (docs/OUTPUTS.md): edges.csv,
 * accounts.csv, networks.json, graph.gexf, report.html, run.json. Row-wise outputs and networks.json
 * stream through a write stream in ~1 MB batches so large edge lists and account arrays never become
 * one string. The network picture's
 * ForceAtlas2 layout (the largest single cost) and, for large runs, edges.csv are written by worker
 * threads meanwhile; the edge order is sorted once for edges.csv and graph.gexf.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import type { DetectionResult } from '../core/result.js';
import { LockstepError } from '../core/errors.js';
import { orderedEdges } from './edges-csv.js';
import { writeEdgesCsv } from './edges-csv-in-worker.js';
import { accountsCsv } from './accounts-csv.js';
import { networksJsonChunks } from './networks-json.js';
import { gexf } from './gexf.js';
import { renderReport, type HtmlOptions } from './html.js';
import { layoutInput } from './layout.js';
import { runLayoutInWorker } from './layout-in-worker.js';
import { toRunFile } from './run-json.js';

export const OUTPUT_FILES = [
  'edges.csv',
  'accounts.csv',
  'networks.json',
  'graph.gexf',
  'report.html',
  'run.json',
] as const;

async function writeChunks(path: string, chunks: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  const closed = once(out, 'close');
  let buf = '';
  for (const c of chunks) {
    buf += c;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await closed;
}

export interface WriteOutputOptions {
  html?: HtmlOptions;
}

/**
 * @example await writeDetectionOutput(await detect(posts), 'out/') // out/edges.csv, out/report.html …
 * @returns the paths written and the milliseconds each took
 */
export async function writeDetectionOutput(
  r: DetectionResult,
  dir: string,
  options: WriteOutputOptions = {},
): Promise<{ files: string[]; timings: Record<string, number> }> {
  const timings: Record<string, number> = {};
  const timed = async (name: string, f: () => Promise<void>): Promise<void> => {
    const t = performance.now();
    await f();
    timings[`write ${name}`] = Math.round(performance.now() - t);
  };
  try {
    await mkdir(dir, { recursive: true });
    const seed = options.html?.seed ?? r.parameters.seed;
    const layoutStart = performance.now();
    let layoutMs = 0;
    const layout = runLayoutInWorker(layoutInput(r, { seed })).then((l) => {
      layoutMs = Math.round(performance.now() - layoutStart);
      return l;
    });
    // Awaited below; until then a failure must not surface as an unhandled rejection.
    layout.catch(() => undefined);
    const edges = orderedEdges(r.edges);
    const edgesStart = performance.now();
    let edgesMs = 0;
    const edgesFile = writeEdgesCsv(join(dir, 'edges.csv'), edges).then(() => {
      edgesMs = Math.round(performance.now() - edgesStart);
    });
    edgesFile.catch(() => undefined);
    await timed('accounts.csv', () => writeChunks(join(dir, 'accounts.csv'), accountsCsv(r.accounts)));
    await timed('networks.json', () => writeChunks(join(dir, 'networks.json'), networksJsonChunks(r)));
    await timed('graph.gexf', () => writeChunks(join(dir, 'graph.gexf'), gexf(r, edges)));
    await timed('report.html', async () => {
      const html = { ...options.html, layout: await layout };
      await writeFile(join(dir, 'report.html'), renderReport(r, html));
    });
    timings['write report.html layout (worker)'] = layoutMs;
    await edgesFile;
    timings['write edges.csv (worker)'] = edgesMs;
    // run.json last, so its timings include the other outputs.
    await writeFile(join(dir, 'run.json'), JSON.stringify(toRunFile(r, timings), null, 2) + '\n');
  } catch (e) {
    throw new LockstepError(
      'ERR_IO',
      `cannot write the outputs to ${dir}: ${(e as Error).message}`,
      { dir },
      { cause: e },
    );
  }
  return { files: OUTPUT_FILES.map((f) => join(dir, f)), timings };
}
