/**
 * The workspace's file exports, as pure functions of the API's own views so the server (full graph,
 * a case) and the browser (the graph as filtered on screen) write the same files:
 * - a case as CSV, one row per account (pinned evidence beside it);
 * - a graph page as CSV (one row per edge, or per node) and as GEXF 1.3 for Gephi (gexf.net/schema.html:
 *   one undirected edge per pair and behaviour, told apart by `kind`, as report/gexf.ts writes runs);
 *   with the amplified objects shown (graph-objects.ts), their nodes (`node_kind` hashtag, url, …)
 *   and account → object ties (`acts-on-KIND`, weight = the account's actions on it) as well.
 *
 * Spreadsheets run cells that start with `=`, `+`, `-`, `@`, tab or CR as formulas (OWASP "CSV
 * injection"); text cells from posts and notes get a leading `'` so they open as text.
 * Cost: O(nodes + edges) time; the file is built as one string.
 */
import { csvRow } from '../report/csv.js';
import { xmlEscape } from '../report/xml-escape.js';
import type { GraphEdge, GraphNode, GraphObject, GraphObjectEdge, GraphPage } from './api-schema.js';
import type { CaseView } from './case-schema.js';

type Cell = string | number | boolean | null | undefined;

/** A text cell a spreadsheet will not run as a formula. */
export function textCell(s: string | null | undefined): string | null | undefined {
  return typeof s === 'string' && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

const row = (cells: readonly Cell[]): string => csvRow(cells);

export const CASE_CSV_COLUMNS = [
  'case_id',
  'case_title',
  'tlp',
  'status',
  'account',
  'label',
  'pinned',
  'network',
  'score',
  'automation',
  'flagged_signals',
  'comment',
  'pinned_by',
  'pinned_at',
] as const;

export function caseCsv(v: CaseView): string {
  const pins = new Map(v.pins.map((p) => [p.account, p]));
  let out = row(CASE_CSV_COLUMNS);
  for (const a of v.accounts) {
    const p = pins.get(a.account);
    out += row([
      v.case.id,
      textCell(v.case.title),
      v.case.tlp,
      v.case.status,
      textCell(a.account),
      textCell(a.label),
      p !== undefined,
      p?.network ?? v.case.network,
      p?.score,
      p?.automation,
      p?.flagged.join(';'),
      textCell(p?.comment),
      p?.pinnedBy,
      p?.pinnedAt,
    ]);
  }
  return out;
}

export const EDGE_CSV_COLUMNS = [
  'source',
  'source_label',
  'target',
  'target_label',
  'behaviour',
  'weight',
  'co_actions',
  'x_chance',
  'q_value',
  'first',
  'last',
] as const;

export const NODE_CSV_COLUMNS = [
  'id',
  'label',
  'network',
  'score',
  'posts',
  'automation',
  'flagged_signals',
] as const;

/** The amplified objects shown beside the accounts, and their account → object ties. */
export interface ShownObjects {
  objects: readonly GraphObject[];
  edges: readonly GraphObjectEdge[];
}

const NO_OBJECTS: ShownObjects = { objects: [], edges: [] };
const tieKind = (o: GraphObject): string => `acts-on-${o.kind}`;

export function edgesCsv(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  shown: ShownObjects = NO_OBJECTS,
): string {
  const labels = new Map(nodes.map((n) => [n.id, n.label]));
  const objects = new Map(shown.objects.map((o) => [o.id, o]));
  let out = row(EDGE_CSV_COLUMNS);
  for (const e of edges)
    out += row([
      textCell(e.a),
      textCell(labels.get(e.a) ?? e.a),
      textCell(e.b),
      textCell(labels.get(e.b) ?? e.b),
      e.behaviour,
      e.weight,
      e.coActions,
      e.ratio,
      e.q,
      e.first,
      e.last,
    ]);
  for (const t of shown.edges) {
    const o = objects.get(t.object);
    if (!o) continue;
    out += row([
      textCell(t.account),
      textCell(labels.get(t.account) ?? t.account),
      textCell(o.id),
      textCell(o.label),
      tieKind(o),
      t.weight,
      t.weight,
      null,
      null,
      t.first,
      t.last,
    ]);
  }
  return out;
}

/** One row per account; with objects shown, a `kind` column and one row per object too. */
export function nodesCsv(nodes: readonly GraphNode[], shown: ShownObjects = NO_OBJECTS): string {
  const withObjects = shown.objects.length > 0;
  let out = row(withObjects ? [...NODE_CSV_COLUMNS, 'kind'] : NODE_CSV_COLUMNS);
  for (const n of nodes)
    out += row([
      textCell(n.id),
      textCell(n.label),
      n.network,
      n.score,
      n.posts,
      n.automation,
      n.flagged.join(';'),
      ...(withObjects ? ['account'] : []),
    ]);
  for (const o of shown.objects)
    out += row([textCell(o.id), textCell(o.label), null, null, o.actions, null, null, o.kind]);
  return out;
}

/** An optional numeric attribute: left out when unknown (an empty value is not a GEXF double). */
const att = (id: string, v: number | null): string =>
  v === null || !Number.isFinite(v) ? '' : `<attvalue for="${id}" value="${v}"/>`;

/** GEXF 1.3 of `nodes` and the `edges` between them (an edge to a node not given is left out). */
export function graphGexf(
  page: Pick<GraphPage, 'run'>,
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  shown: ShownObjects = NO_OBJECTS,
): string {
  const ids = new Set(nodes.map((n) => n.id));
  const withObjects = shown.objects.length > 0;
  const kindAtt = (k: string): string => (withObjects ? `<attvalue for="node_kind" value="${k}"/>` : '');
  const parts: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<gexf xmlns="http://gexf.net/1.3" version="1.3">\n',
    `  <meta lastmodifieddate="${page.run.finishedAt.slice(0, 10)}">\n    <creator>Lockstep workspace</creator>\n    <description>${xmlEscape(page.run.title)}</description>\n  </meta>\n`,
    '  <graph defaultedgetype="undirected" mode="static">\n',
    '    <attributes class="node">\n      <attribute id="network" title="network" type="string"/>\n      <attribute id="score" title="score" type="double"/>\n      <attribute id="posts" title="posts" type="integer"/>\n      <attribute id="automation" title="automation" type="double"/>\n      <attribute id="flagged_signals" title="flagged_signals" type="string"/>\n' +
      (withObjects ? '      <attribute id="node_kind" title="node_kind" type="string"/>\n' : '') +
      '    </attributes>\n',
    '    <attributes class="edge">\n      <attribute id="behaviour" title="behaviour" type="string"/>\n      <attribute id="co_actions" title="co_actions" type="integer"/>\n      <attribute id="x_chance" title="x_chance" type="double"/>\n      <attribute id="q_value" title="q_value" type="double"/>\n    </attributes>\n',
    '    <nodes>\n',
  ];
  for (const n of nodes)
    parts.push(
      `      <node id="${xmlEscape(n.id)}" label="${xmlEscape(n.label)}"><attvalues><attvalue for="network" value="${xmlEscape(n.network ?? '')}"/><attvalue for="score" value="${n.score}"/><attvalue for="posts" value="${n.posts}"/>${att('automation', n.automation)}<attvalue for="flagged_signals" value="${xmlEscape(n.flagged.join(';'))}"/>${kindAtt('account')}</attvalues></node>\n`,
    );
  const objects = new Map(shown.objects.map((o) => [o.id, o]));
  for (const o of shown.objects)
    parts.push(
      `      <node id="${xmlEscape(o.id)}" label="${xmlEscape(o.label)}"><attvalues><attvalue for="posts" value="${o.actions}"/>${kindAtt(o.kind)}</attvalues></node>\n`,
    );
  parts.push('    </nodes>\n    <edges>\n');
  let i = 0;
  for (const e of edges) {
    if (!ids.has(e.a) || !ids.has(e.b)) continue;
    const b = xmlEscape(e.behaviour);
    parts.push(
      `      <edge id="e${i++}" source="${xmlEscape(e.a)}" target="${xmlEscape(e.b)}" kind="${b}" weight="${e.weight}"><attvalues><attvalue for="behaviour" value="${b}"/><attvalue for="co_actions" value="${e.coActions}"/>${att('x_chance', e.ratio)}${att('q_value', e.q)}</attvalues></edge>\n`,
    );
  }
  for (const t of shown.edges) {
    const o = objects.get(t.object);
    if (!o || !ids.has(t.account)) continue;
    const k = tieKind(o);
    parts.push(
      `      <edge id="e${i++}" source="${xmlEscape(t.account)}" target="${xmlEscape(o.id)}" kind="${k}" weight="${t.weight}"><attvalues><attvalue for="behaviour" value="${k}"/><attvalue for="co_actions" value="${t.weight}"/></attvalues></edge>\n`,
    );
  }
  parts.push('    </edges>\n  </graph>\n</gexf>\n');
  return parts.join('');
}
