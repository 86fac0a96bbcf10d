/**
 * Reads a detection output directory back into a `DetectionResult` (for `lockstep export --stix DIR`
 * and other consumers): run.json for the run, edges.csv for the edges, networks.json for networks and
 * accounts. Every file is validated; a bad file fails with ERR_REPORT_BAD_OUTPUT naming it and where.
 */
import { join } from 'node:path';
import { isBehaviour } from '../core/behaviour.js';
import { LockstepError } from '../core/errors.js';
import type { DetectionResult, Edge, RunParameters } from '../core/result.js';
import { fromIso, parseCsv } from './csv.js';
import { EDGE_COLUMNS } from './edges-csv.js';
import { fromNetworksFile } from './networks-json.js';
import { networksFileSchema } from './networks-schema.js';
import { runFileSchema } from './run-json.js';
import { readTextFile } from '../core/read-text.js';

const bad = (file: string, message: string, details: Record<string, unknown> = {}): LockstepError =>
  new LockstepError('ERR_REPORT_BAD_OUTPUT', `${file}: ${message}`, { file, ...details });

async function read(dir: string, name: string): Promise<{ path: string; text: string }> {
  const path = join(dir, name);
  return { path, text: await readTextFile(path) };
}

function json(path: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw bad(path, `not valid JSON (${(e as Error).message})`);
  }
}

function issues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

function parseEdges(path: string, text: string): Edge[] {
  const rows = parseCsv(text);
  const header = rows[0]?.join(',');
  if (header !== EDGE_COLUMNS.join(','))
    throw bad(path, `line 1: expected the header ${EDGE_COLUMNS.join(',')}`, { line: 1 });
  const edges: Edge[] = [];
  const num = (v: string, line: number, col: string, optional = false): number | undefined => {
    if (v === '' && optional) return undefined;
    const n = Number(v);
    if (v === '' || !Number.isFinite(n))
      throw bad(path, `line ${line}: ${col} must be a number, got "${v}"`, { line, field: col });
    return n;
  };
  const time = (v: string, line: number, col: string): number => {
    const t = fromIso(v);
    if (!Number.isFinite(t))
      throw bad(path, `line ${line}: ${col} must be an ISO 8601 time, got "${v}"`, { line, field: col });
    return t;
  };
  for (let i = 1; i < rows.length; i++) {
    const r = rows[i]!;
    const line = i + 1;
    if (r.length === 1 && r[0] === '') continue;
    if (r.length !== EDGE_COLUMNS.length)
      throw bad(path, `line ${line}: expected ${EDGE_COLUMNS.length} cells, got ${r.length}`, { line });
    // By position: the header check above fixed EDGE_COLUMNS' order (no keyed object per row, which
    // was a visible share of `runs add` at 300k edges).
    const [a = '', b = '', behaviour = '', weight = '', coActions = '', objects = ''] = r;
    const [
      ,
      ,
      ,
      ,
      ,
      ,
      expected = '',
      p = '',
      q = '',
      first = '',
      last = '',
      test = '',
      observed = '',
      lag = '',
    ] = r;
    if (!isBehaviour(behaviour))
      throw bad(path, `line ${line}: unknown behaviour "${behaviour}"`, { line, field: 'behaviour' });
    if (a === '' || b === '') throw bad(path, `line ${line}: empty account`, { line });
    edges.push({
      a,
      b,
      behaviour,
      weight: num(weight, line, 'weight')!,
      coActions: num(coActions, line, 'co_actions')!,
      objects: num(objects, line, 'objects')!,
      expected: num(expected, line, 'expected', true),
      pValue: num(p, line, 'p_value', true),
      qValue: num(q, line, 'q_value', true),
      first: time(first, line, 'first'),
      last: time(last, line, 'last'),
    });
    if (test !== '' && test !== 'count' && test !== 'lag')
      throw bad(path, `line ${line}: test must be count, lag or empty, got "${test}"`, {
        line,
        field: 'test',
      });
    const edge = edges[edges.length - 1]!;
    if (test !== '') edge.test = test;
    const o = num(observed, line, 'observed', true);
    if (o !== undefined) edge.observed = o;
    const l = num(lag, line, 'lag', true);
    if (l !== undefined) edge.lag = l;
  }
  return edges;
}

/** @example const result = await readDetectionOutput('lockstep-demo/'); */
export async function readDetectionOutput(dir: string): Promise<DetectionResult> {
  const run = await read(dir, 'run.json');
  const runParsed = runFileSchema.safeParse(json(run.path, run.text));
  if (!runParsed.success) throw bad(run.path, issues(runParsed.error));
  const nets = await read(dir, 'networks.json');
  const netsParsed = networksFileSchema.safeParse(json(nets.path, nets.text));
  if (!netsParsed.success) throw bad(nets.path, issues(netsParsed.error));
  const edgesFile = await read(dir, 'edges.csv');
  const edges = parseEdges(edgesFile.path, edgesFile.text);
  const { networks, accounts } = fromNetworksFile(netsParsed.data);
  const r = runParsed.data;
  return {
    parameters: r.parameters as RunParameters,
    input: r.input,
    edges,
    accounts,
    networks,
    timings: r.timings,
    peakRssBytes: r.peakRssBytes,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    lockstepVersion: r.lockstepVersion,
  };
}
