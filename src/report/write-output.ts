/**
 * Writes every output of a detection run into one directory (docs/OUTPUTS.md): edges.csv,
 * accounts.csv, networks.json, graph.gexf, report.html, run.json. Row-wise outputs and networks.json
 * are encoded piece by piece into a reused buffer (utf8-file.ts) so large edge lists and account
 * arrays never become one string. The network picture's ForceAtlas2 layout (the largest single cost)
 * and, for large runs, edges.csv with graph.gexf's edges are written by worker threads meanwhile; the
 * edge order is sorted once for both files.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DetectionResult } from '../core/result.js';
import { LockstepError } from '../core/errors.js';
import { orderedEdges } from './edges-csv.js';
import { writeEdgesCsv } from './edges-csv-in-worker.js';
import { accountsCsv } from './accounts-csv.js';
import { networksJsonChunks } from './networks-json.js';
import { gexfHead } from './gexf.js';
import { renderReport, type HtmlOptions } from './html.js';
import { layoutInput } from './layout.js';
import { runLayoutInWorker } from './layout-in-worker.js';
import { toRunFile } from './run-json.js';
import { writeUtf8File } from './utf8-file.js';

export const OUTPUT_FILES = [
  'edges.csv',
  'accounts.csv',
  'networks.json',
  'graph.gexf',
  'report.html',
  'run.json',
] as const;

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
    // graph.gexf's edges are written with edges.csv's rows, from the same columns, so its nodes go
    // ahead with them (a few thousand nodes, ~300,000 edges at 3M posts).
    const gexfFile = { path: join(dir, 'graph.gexf'), head: gexfHead(r, edges) };
    const edgesFile = writeEdgesCsv(join(dir, 'edges.csv'), edges, undefined, gexfFile).then(() => {
      edgesMs = Math.round(performance.now() - edgesStart);
    });
    edgesFile.catch(() => undefined);
    await timed('accounts.csv', () => writeUtf8File(join(dir, 'accounts.csv'), accountsCsv(r.accounts)));
    await timed('networks.json', () => writeUtf8File(join(dir, 'networks.json'), networksJsonChunks(r)));
    await timed('report.html', async () => {
      const html = { ...options.html, layout: await layout };
      await writeFile(join(dir, 'report.html'), renderReport(r, html));
    });
    timings['write report.html layout (worker)'] = layoutMs;
    await edgesFile;
    timings['write edges.csv and graph.gexf (worker)'] = edgesMs;
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
