/**
 * graph.gexf: the account graph in GEXF 1.3 (gexf.net/schema.html) for Gephi. Nodes are the accounts
 * with at least one edge (attributes network, score, screen_name); one undirected edge per pair and
 * behaviour, told apart by the edge `kind` (GEXF 1.3 multigraph) and a `behaviour` attribute, weighted
 * by the edge weight.
 */
import type { DetectionResult, Edge } from '../core/result.js';
import { orderedEdges } from './edges-csv.js';
import { gexfEdge } from './gexf-edge.js';
import { xmlEscape } from './xml-escape.js';

/** `sorted`: `orderedEdges(r.edges)` when the caller already has it. */
export function* gexf(r: DetectionResult, sorted?: readonly Edge[]): Generator<string> {
  const edges = sorted ?? orderedEdges(r.edges);
  yield gexfHead(r, edges);
  // Each account ends many edges: escape its id once (one Map lookup instead of two regex passes).
  const escaped = new Map<string, string>();
  const idOf = (id: string): string => {
    let x = escaped.get(id);
    if (x === undefined) escaped.set(id, (x = xmlEscape(id)));
    return x;
  };
  let i = 0;
  for (const e of edges) {
    const q = e.qValue === undefined ? '' : String(e.qValue);
    yield gexfEdge(i++, idOf(e.a), idOf(e.b), e.behaviour, String(e.weight), String(e.coActions), q);
  }
  yield GEXF_TAIL;
}

/** What follows the last edge. */
export const GEXF_TAIL = '    </edges>\n  </graph>\n</gexf>\n';

/**
 * graph.gexf up to its first edge: the header, the attribute declarations and the nodes (a few
 * thousand at 3M posts, where the edges are ~300,000: edges-file.ts writes those from columns).
 */
export function gexfHead(r: DetectionResult, edges: readonly Edge[]): string {
  const accounts = new Map(r.accounts.map((a) => [a.account, a]));
  const nodes = new Set<string>();
  for (const e of edges) {
    nodes.add(e.a);
    nodes.add(e.b);
  }
  for (const n of r.networks) for (const m of n.members) nodes.add(m);
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>\n');
  out.push(
    '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n',
  );
  out.push(
    `  <meta lastmodifieddate="${r.finishedAt.slice(0, 10)}">\n    <creator>Lockstep ${xmlEscape(r.lockstepVersion)}</creator>\n    <description>Accounts acting in lockstep (${xmlEscape(r.parameters.semantics)} semantics)</description>\n  </meta>\n`,
  );
  out.push('  <graph defaultedgetype="undirected" mode="static">\n');
  out.push(
    '    <attributes class="node">\n      <attribute id="network" title="network" type="string"/>\n      <attribute id="score" title="score" type="double"/>\n      <attribute id="screen_name" title="screen_name" type="string"/>\n      <attribute id="flagged_signals" title="flagged_signals" type="string"/>\n    </attributes>\n',
  );
  out.push(
    '    <attributes class="edge">\n      <attribute id="behaviour" title="behaviour" type="string"/>\n      <attribute id="co_actions" title="co_actions" type="integer"/>\n      <attribute id="q_value" title="q_value" type="double"/>\n    </attributes>\n',
  );
  out.push('    <nodes>\n');
  for (const id of nodes) {
    const a = accounts.get(id);
    const flagged = a?.signals.filter((s) => s.flagged).map((s) => s.name) ?? [];
    out.push(
      `      <node id="${xmlEscape(id)}" label="${xmlEscape(a?.screenName ?? id)}"><attvalues><attvalue for="network" value="${xmlEscape(a?.network ?? '')}"/><attvalue for="score" value="${a?.score ?? 0}"/><attvalue for="screen_name" value="${xmlEscape(a?.screenName ?? '')}"/><attvalue for="flagged_signals" value="${xmlEscape(flagged.join(';'))}"/></attvalues></node>\n`,
    );
  }
  out.push('    </nodes>\n    <edges>\n');
  return out.join('');
}
