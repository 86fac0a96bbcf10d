/**
 * The network explorer: the run's fused account graph drawn with sigma.js (WebGL) over a graphology
 * multigraph (one edge per pair and behaviour), laid out by ForceAtlas2 in a web worker
 * (graphology-layout-forceatlas2/worker) so the page stays responsive. Filters (behaviour, ×chance,
 * automation score) and search act through sigma's reducers: nothing is rebuilt, only redrawn.
 *
 * Cost: O(V + E) to build; each filter change is one O(V + E) reducer pass on redraw.
 */
import Graph from 'graphology';
import FA2Layout from 'graphology-layout-forceatlas2/worker';
import { inferSettings } from 'graphology-layout-forceatlas2';
import Sigma from 'sigma';
import type { GraphPage, NetworkView } from '../../../src/workspace/api-schema.js';
import * as api from '../api.js';
import { fmt, h, show } from '../dom.js';
import { label, postText } from '../safe-text.js';
import { exportPanel } from './graph-export.js';

/** Colour-blind-safe palette (Okabe–Ito), then repeats; accounts in no network are grey. */
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#8a7a00', '#000000'];
const NO_NETWORK = '#9aa0a6';
const LAYOUT_MS = 2500;

interface Filters {
  behaviours: Set<string>;
  minRatio: number;
  minAutomation: number;
  query: string;
}

/** Deterministic start positions: each network on its own spot of a circle, members around it. */
function seedPositions(page: GraphPage): Map<string, { x: number; y: number }> {
  const nets = new Map(page.networks.map((n, i) => [n.id, i]));
  const k = Math.max(1, page.networks.length);
  let s = 1;
  const rand = (): number => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
  const out = new Map<string, { x: number; y: number }>();
  for (const n of page.nodes) {
    const i = n.network === null ? k : (nets.get(n.network) ?? k);
    const a = (2 * Math.PI * i) / (k + 1);
    out.set(n.id, { x: 10 * Math.cos(a) + rand() * 2, y: 10 * Math.sin(a) + rand() * 2 });
  }
  return out;
}

function matches(page: GraphPage, q: string): Set<string> {
  const hit = new Set<string>();
  if (q === '') return hit;
  const needle = q.toLowerCase();
  for (const n of page.nodes)
    if (n.id.toLowerCase().includes(needle) || n.label.toLowerCase().includes(needle)) hit.add(n.id);
  for (const net of page.networks) {
    const objectHit = net.topObjects.some(
      (o) => o.object.toLowerCase().includes(needle) || (o.label ?? '').toLowerCase().includes(needle),
    );
    if (objectHit || net.id.toLowerCase() === needle) for (const m of net.members) hit.add(m);
    for (const e of net.examples) if ((e.text ?? '').toLowerCase().includes(needle)) hit.add(e.account);
  }
  return hit;
}

function networkCard(
  runId: string,
  n: NetworkView,
  colour: string,
  labels: Map<string, string>,
): HTMLElement {
  return h(
    'details',
    { class: 'network' },
    h(
      'summary',
      {},
      h('span', { class: 'swatch', 'data-colour': colour }),
      `${n.id}: ${n.members.length} accounts`,
      n.ratio !== null ? ` · ×${fmt(n.ratio, 1)} chance` : '',
    ),
    h('p', {}, n.summary),
    h('button', { type: 'button', class: 'open-case', 'data-network': n.id }, `Open a case on ${n.id}`),
    h(
      'p',
      {},
      'Members: ',
      ...n.members.flatMap((m, i) => [
        i > 0 ? ', ' : '',
        h(
          'a',
          { href: `#/runs/${encodeURIComponent(runId)}/accounts/${encodeURIComponent(m)}` },
          label(labels.get(m) ?? m),
        ),
      ]),
    ),
    n.topObjects.length > 0
      ? h(
          'ul',
          { class: 'objects' },
          ...n.topObjects
            .slice(0, 5)
            .map((o) =>
              h('li', {}, `${o.behaviour}: `, postText(o.label ?? o.object), ` (${o.accounts} accounts)`),
            ),
        )
      : null,
  );
}

export async function explorerView(runId: string): Promise<() => void> {
  const page = await api.graph(runId);
  const colours = new Map(page.networks.map((n, i) => [n.id, PALETTE[i % PALETTE.length]!]));
  const graph = new Graph({ multi: true, type: 'undirected' });
  const pos = seedPositions(page);
  for (const n of page.nodes)
    graph.addNode(n.id, {
      label: n.label,
      ...pos.get(n.id),
      size: 4 + Math.log1p(n.score),
      color: n.network === null ? NO_NETWORK : (colours.get(n.network) ?? NO_NETWORK),
    });
  for (const e of page.edges)
    graph.addEdge(e.a, e.b, {
      behaviour: e.behaviour,
      ratio: e.ratio,
      size: 0.5 + Math.log1p(e.weight) / 2,
      color: '#c5c9ce',
    });
  const byId = new Map(page.nodes.map((n) => [n.id, n]));
  const labels = new Map(page.nodes.map((n) => [n.id, n.label]));
  const filters: Filters = { behaviours: new Set(page.behaviours), minRatio: 0, minAutomation: 0, query: '' };
  let hits = new Set<string>();

  const container = h('div', { id: 'graph', class: 'graph', role: 'img', 'aria-label': 'Account graph' });
  const counter = h('p', { id: 'visible-count', 'aria-live': 'polite' });
  const results = h('ul', { id: 'search-results', class: 'results' });

  const nodeVisible = (id: string): boolean => {
    const n = byId.get(id)!;
    if (filters.minAutomation > 0 && (n.automation === null || n.automation < filters.minAutomation))
      return false;
    return true;
  };
  const edgeVisible = (attrs: Record<string, unknown>, a: string, b: string): boolean => {
    if (!filters.behaviours.has(String(attrs.behaviour))) return false;
    const r = attrs.ratio as number | null;
    if (filters.minRatio > 0 && (r === null || r < filters.minRatio)) return false;
    return nodeVisible(a) && nodeVisible(b);
  };

  show(
    h(
      'div',
      { class: 'explorer' },
      h(
        'aside',
        { class: 'panel', 'aria-label': 'Filters and networks' },
        h('h1', {}, label(page.run.title)),
        h(
          'p',
          { class: 'muted' },
          `${fmt(page.run.posts)} posts · ${page.networks.length} networks · TLP:${page.run.tlp.toUpperCase()}`,
        ),
        h(
          'p',
          {},
          h('a', { href: `#/runs/${encodeURIComponent(page.run.id)}/dashboard` }, 'Data-set dashboard'),
        ),
        h('label', { for: 'search' }, 'Search accounts, hashtags, domains, URLs, post text'),
        h('input', { id: 'search', type: 'search', autocomplete: 'off' }),
        results,
        h(
          'fieldset',
          {},
          h('legend', {}, 'Behaviours'),
          ...page.behaviours.map((b) =>
            h(
              'label',
              { class: 'check' },
              h('input', { type: 'checkbox', id: `behaviour-${b}`, 'data-behaviour': b, checked: true }),
              ` ${b}`,
            ),
          ),
        ),
        h(
          'label',
          { for: 'min-ratio' },
          'Edges at least ',
          h('output', { id: 'min-ratio-out' }, '×0'),
          ' chance',
        ),
        h('input', { id: 'min-ratio', type: 'range', min: 0, max: 50, step: 1, value: 0 }),
        h(
          'label',
          { for: 'min-automation' },
          'Automation score at least ',
          h('output', { id: 'min-automation-out' }, '0'),
        ),
        h('input', { id: 'min-automation', type: 'range', min: 0, max: 1, step: 0.05, value: 0 }),
        counter,
        h('button', { type: 'button', id: 'relayout' }, 'Run layout again'),
        exportPanel(page, graph, { node: nodeVisible, edge: (e) => edgeVisible(e, e.a, e.b) }),
        h('h2', {}, 'Networks'),
        ...page.networks.map((n) => networkCard(runId, n, colours.get(n.id) ?? NO_NETWORK, labels)),
      ),
      container,
    ),
  );
  for (const b of document.querySelectorAll<HTMLButtonElement>('button.open-case'))
    b.addEventListener('click', () => {
      b.disabled = true;
      api.openCase({ runId, network: b.dataset.network! }).then(
        (v) => {
          location.hash = `#/cases/${encodeURIComponent(v.case.id)}`;
        },
        (e: unknown) => {
          b.disabled = false;
          b.after(h('p', { class: 'error', role: 'alert' }, e instanceof Error ? e.message : String(e)));
        },
      );
    });
  // Swatch colours through the CSSOM (the CSP forbids style attributes in markup, not this).
  for (const el of document.querySelectorAll<HTMLElement>('.swatch[data-colour]'))
    el.style.background = el.dataset.colour ?? '';

  const renderer = new Sigma(graph, container, {
    renderEdgeLabels: false,
    labelRenderedSizeThreshold: 6,
    defaultEdgeColor: '#c5c9ce',
    nodeReducer: (node, data) => {
      if (!nodeVisible(node)) return { ...data, hidden: true };
      if (hits.size > 0 && !hits.has(node)) return { ...data, color: '#e3e5e8', label: null };
      if (hits.has(node)) return { ...data, highlighted: true, forceLabel: true };
      return data;
    },
    edgeReducer: (edge, data) => {
      const [a, b] = graph.extremities(edge);
      return edgeVisible(graph.getEdgeAttributes(edge), a, b) ? data : { ...data, hidden: true };
    },
  });
  renderer.on('clickNode', ({ node }) => {
    location.hash = `#/runs/${encodeURIComponent(runId)}/accounts/${encodeURIComponent(node)}`;
  });

  const update = (): void => {
    let nodes = 0;
    let edges = 0;
    graph.forEachNode((n) => {
      if (nodeVisible(n)) nodes++;
    });
    graph.forEachEdge((e, attrs, a, b) => {
      if (edgeVisible(attrs, a, b)) edges++;
    });
    counter.textContent = `Showing ${nodes} of ${graph.order} accounts and ${edges} of ${graph.size} edges`;
    renderer.refresh();
  };

  document.getElementById('search')!.addEventListener('input', (ev) => {
    filters.query = (ev.target as HTMLInputElement).value.trim();
    hits = matches(page, filters.query);
    results.replaceChildren(
      ...[...hits]
        .slice(0, 20)
        .map((id) =>
          h(
            'li',
            {},
            h(
              'a',
              { href: `#/runs/${encodeURIComponent(runId)}/accounts/${encodeURIComponent(id)}` },
              label(labels.get(id) ?? id),
            ),
          ),
        ),
    );
    if (filters.query !== '' && hits.size === 0)
      results.replaceChildren(h('li', { class: 'muted' }, 'No match'));
    update();
  });
  for (const box of document.querySelectorAll<HTMLInputElement>('input[data-behaviour]'))
    box.addEventListener('change', () => {
      const b = box.dataset.behaviour!;
      if (box.checked) filters.behaviours.add(b);
      else filters.behaviours.delete(b);
      update();
    });
  const slider = (id: string, set: (v: number) => void, text: (v: number) => string): void => {
    const input = document.getElementById(id) as HTMLInputElement;
    input.addEventListener('input', () => {
      const v = Number(input.value);
      set(v);
      document.getElementById(`${id}-out`)!.textContent = text(v);
      update();
    });
  };
  slider(
    'min-ratio',
    (v) => (filters.minRatio = v),
    (v) => `×${v}`,
  );
  slider(
    'min-automation',
    (v) => (filters.minAutomation = v),
    (v) => v.toFixed(2),
  );

  const layout = new FA2Layout(graph, {
    settings: { ...inferSettings(graph), barnesHutOptimize: graph.order > 2000 },
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const runLayout = (): void => {
    layout.start();
    container.dataset.layout = 'running';
    clearTimeout(timer);
    timer = setTimeout(() => {
      layout.stop();
      container.dataset.layout = 'done';
    }, LAYOUT_MS);
  };
  document.getElementById('relayout')!.addEventListener('click', runLayout);
  runLayout();
  update();
  return () => {
    clearTimeout(timer);
    layout.kill();
    renderer.kill();
  };
}
