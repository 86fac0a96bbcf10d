/**
 * The explorer's export buttons: what the page shows now (filters applied) as GEXF and CSV (written
 * by src/workspace/exports.ts, the same functions as the server's whole-graph downloads) and as a
 * picture, SVG or PNG, drawn from the laid-out positions (not read back from sigma's WebGL canvas,
 * which does not keep its drawing buffer). Files are made in the browser and saved through a blob:
 * link; nothing leaves the page.
 *
 * Cost: O(V + E) per export; the PNG is at most 2400 px wide.
 */
import type Graph from 'graphology';
import type { GraphEdge, GraphNode, GraphHead } from '../../../src/workspace/api-schema.js';
import { edgesCsv, graphGexf, nodesCsv, type ShownObjects } from '../../../src/workspace/exports.js';
import { h } from '../dom.js';

export interface Shown {
  node: (id: string) => boolean;
  edge: (e: GraphEdge) => boolean;
  /** The amplified objects and ties shown now (none when they are off). */
  objects: () => ShownObjects;
}

function save(name: string, type: string, body: BlobPart): void {
  const url = URL.createObjectURL(new Blob([body], { type }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}

interface Scene {
  width: number;
  height: number;
  nodes: { x: number; y: number; r: number; colour: string; label: string }[];
  edges: { x1: number; y1: number; x2: number; y2: number }[];
}

/** Visible nodes and edges in picture coordinates (y down), fitted into `width` with a margin. */
function scene(graph: Graph, nodes: readonly GraphNode[], edges: readonly GraphEdge[], width: number): Scene {
  const pts = nodes.map(
    (n) => graph.getNodeAttributes(n.id) as { x: number; y: number; size: number; color: string },
  );
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const margin = 40;
  const span = Math.max(maxX - minX, maxY - minY, 1e-9);
  const k = (width - 2 * margin) / span;
  const height = Math.ceil((maxY - minY) * k + 2 * margin);
  const at = new Map<string, { x: number; y: number }>();
  const out: Scene = { width, height, nodes: [], edges: [] };
  nodes.forEach((n, i) => {
    const p = pts[i]!;
    const q = { x: margin + (p.x - minX) * k, y: margin + (maxY - p.y) * k };
    at.set(n.id, q);
    out.nodes.push({ ...q, r: p.size, colour: p.color, label: n.label });
  });
  for (const e of edges) {
    const a = at.get(e.a);
    const b = at.get(e.b);
    if (a && b) out.edges.push({ x1: a.x, y1: a.y, x2: b.x, y2: b.y });
  }
  return out;
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function svgText(s: Scene): string {
  const f = (n: number): string => n.toFixed(1);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${s.width}" height="${s.height}" viewBox="0 0 ${s.width} ${s.height}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    '<g stroke="#c5c9ce" stroke-width="0.6">',
    ...s.edges.map((e) => `<line x1="${f(e.x1)}" y1="${f(e.y1)}" x2="${f(e.x2)}" y2="${f(e.y2)}"/>`),
    '</g><g font-family="sans-serif" font-size="9" fill="#222">',
    ...s.nodes.map(
      (n) =>
        `<circle cx="${f(n.x)}" cy="${f(n.y)}" r="${f(n.r)}" fill="${esc(n.colour)}"><title>${esc(n.label)}</title></circle>`,
    ),
    '</g></svg>',
  ];
  return parts.join('\n');
}

function png(s: Scene, name: string): void {
  const canvas = h('canvas', { width: s.width, height: s.height });
  const g = canvas.getContext('2d');
  if (!g) return;
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, s.width, s.height);
  g.strokeStyle = '#c5c9ce';
  g.lineWidth = 0.6;
  g.beginPath();
  for (const e of s.edges) {
    g.moveTo(e.x1, e.y1);
    g.lineTo(e.x2, e.y2);
  }
  g.stroke();
  for (const n of s.nodes) {
    g.fillStyle = n.colour;
    g.beginPath();
    g.arc(n.x, n.y, n.r, 0, 2 * Math.PI);
    g.fill();
  }
  canvas.toBlob((b) => {
    if (b) save(name, 'image/png', b);
  }, 'image/png');
}

/** The export panel for `page` and the edges loaded so far (`edges()`), writing what `shown` keeps. */
export function exportPanel(
  page: GraphHead,
  edges: () => readonly GraphEdge[],
  graph: Graph,
  shown: Shown,
): HTMLElement {
  const visible = (): { nodes: GraphNode[]; edges: GraphEdge[] } => {
    const nodes = page.nodes.filter((n) => shown.node(n.id));
    return { nodes, edges: edges().filter((e) => shown.edge(e)) };
  };
  const base = page.run.id;
  const button = (id: string, text: string, run: () => void): HTMLButtonElement => {
    const b = h('button', { type: 'button', id, class: 'export' }, text);
    b.addEventListener('click', run);
    return b;
  };
  return h(
    'div',
    { class: 'exports', role: 'group', 'aria-label': 'Export what is shown' },
    h('h2', {}, 'Export what is shown'),
    button('export-gexf', 'GEXF', () => {
      const v = visible();
      save(`${base}.gexf`, 'application/gexf+xml', graphGexf(page, v.nodes, v.edges, shown.objects()));
    }),
    ' ',
    button('export-edges-csv', 'Edges CSV', () => {
      const v = visible();
      save(`${base}-edges.csv`, 'text/csv', edgesCsv(page.nodes, v.edges, shown.objects()));
    }),
    ' ',
    button('export-nodes-csv', 'Nodes CSV', () => {
      save(`${base}-nodes.csv`, 'text/csv', nodesCsv(visible().nodes, shown.objects()));
    }),
    ' ',
    button('export-svg', 'SVG', () => {
      const v = visible();
      save(`${base}.svg`, 'image/svg+xml', svgText(scene(graph, v.nodes, v.edges, 1600)));
    }),
    ' ',
    button('export-png', 'PNG', () => {
      const v = visible();
      png(scene(graph, v.nodes, v.edges, 2400), `${base}.png`);
    }),
    wholeGraph(page),
  );
}

/**
 * Links to the server's whole-graph files (src/workspace/export-routes.ts): every edge, not only the
 * loaded ones, unfiltered; with `objects=1` the amplified objects and their ties as well.
 */
function wholeGraph(page: GraphHead): HTMLElement {
  const url = (file: string, query: string): string =>
    `/api/runs/${encodeURIComponent(page.run.id)}/${file}${query}`;
  const link = (id: string, href: string, text: string): HTMLElement =>
    h('a', { id, href, download: '' }, text);
  /** `objects`: '' or '&objects=1'. */
  const links = (suffix: string, objects: string): (HTMLElement | string)[] => [
    link(`download-gexf${suffix}`, url('graph.gexf', objects.replace('&', '?')), 'GEXF'),
    ' · ',
    link(`download-edges${suffix}`, url('graph.csv', `?what=edges${objects}`), 'edges CSV'),
    ' · ',
    link(`download-nodes${suffix}`, url('graph.csv', `?what=nodes${objects}`), 'nodes CSV'),
  ];
  return h(
    'p',
    { class: 'whole-graph' },
    'The whole graph, unfiltered: ',
    ...links('', ''),
    ...((page.objectTotal ?? 0) > 0
      ? ['; with the amplified objects: ', ...links('-objects', '&objects=1')]
      : []),
    '.',
  );
}
