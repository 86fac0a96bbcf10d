/**
 * The network explorer: the run's fused account graph drawn with sigma.js (WebGL) over a graphology
 * multigraph (one edge per pair and behaviour). The graph page brings every account at a position
 * laid out at import and the first view's edges, each account's strongest ties first
 * (src/workspace/graph-page.ts), sent as columns (graph-view.ts) and added from them; "Load more
 * edges" fetches the weaker ones chunk by chunk, added the same way (explorer-edges.ts). The
 * networks' top objects, timelines and examples come on demand (a card opened, the first search), so
 * the page opens on what it draws.
 * ForceAtlas2 runs in a web worker (explorer-layout.ts) only for runs imported without positions, or
 * when asked. The keyboard reaches the nodes through explorer-keyboard.ts. Filters
 * (explorer-filters.ts) and search act through sigma's reducers: nothing is rebuilt, only redrawn —
 * and when the shown accounts stay the same (a behaviour, the ×chance slider, a search), only the
 * edges whose visibility changed are handed to sigma again.
 *
 * Cost: O(V + E) to build over the loaded edges; each filter change is one O(V) pass for the
 * accounts, one O(E) pass of our own over the edges, and sigma's reducers over every node and the
 * changed edges (every edge when the shown accounts changed).
 */
import Graph from 'graphology';
import type { NetworkView } from '../../../src/workspace/api-schema.js';
import * as api from '../api.js';
import { fmt, h, show } from '../dom.js';
import { label } from '../safe-text.js';
import {
  edgeShown,
  filterPanel,
  initialFilters,
  matches,
  visibleNodes,
  type EdgeFacts,
} from './explorer-filters.js';
import { EDGE_COLOUR, edgeAttributes, LoadedEdges } from './explorer-edges.js';
import { GRAPH_KEYS_HELP, graphKeyboard } from './explorer-keyboard.js';
import { layoutRunner, seedPositions } from './explorer-layout.js';
import { objectLayer } from './explorer-objects.js';
import { CirclePickingAtRest, SquarePickingAtRest } from './explorer-picking.js';
import { edgeProgramFor, ExplorerSigma } from './explorer-sigma.js';
import { exportPanel } from './graph-export.js';
import { networkCard } from './network-card.js';

/** Colour-blind-safe palette (Okabe–Ito), then repeats; accounts in no network are grey. */
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#8a7a00', '#000000'];
const NO_NETWORK = '#9aa0a6';

export async function explorerView(runId: string): Promise<() => void> {
  const { head: page, edges: firstEdges } = await api.graph(runId);
  const colours = new Map(page.networks.map((n, i) => [n.id, PALETTE[i % PALETTE.length]!]));
  const graph = new Graph({ multi: true, type: 'undirected' });
  const pos = seedPositions(page);
  const laidOut = page.nodes.every((n) => n.x !== undefined);
  for (const n of page.nodes)
    graph.addNode(n.id, {
      label: n.label,
      ...pos.get(n.id),
      size: 4 + Math.log1p(n.score),
      color: n.network === null ? NO_NETWORK : (colours.get(n.network) ?? NO_NETWORK),
    });
  // The edges loaded so far: the page's, then each fetched chunk's (exports write these).
  const loadedEdges = new LoadedEdges(firstEdges, {
    ids: page.nodes.map((n) => n.id),
    behaviours: page.behaviours,
  });
  loadedEdges.addFirst(graph);
  const edgeTotal = page.edgeTotal ?? loadedEdges.count;
  let chunksLoaded = 0;
  const labels = new Map(page.nodes.map((n) => [n.id, n.label]));
  const filters = initialFilters(page);
  const full = { from: filters.from, to: filters.to };
  let shownNodes = visibleNodes(page, filters, full);
  let hits = new Set<string>();
  // The networks' top objects, timelines and examples are not in the first page: all of them are
  // fetched at the first search, one network's when its card is opened before that.
  let allDetails: Promise<Map<string, NetworkView>> | undefined;
  const details = (): Promise<Map<string, NetworkView>> =>
    (allDetails ??= api.graphNetworks(runId).then((r) => new Map(r.networks.map((n) => [n.id, n]))));
  const networkDetails = async (id: string): Promise<NetworkView | undefined> =>
    allDetails ? (await allDetails).get(id) : (await api.graphNetworks(runId, id)).networks[0];
  // The second node type (amplified objects), off until asked for; its own nodes, edges and filters.
  const objects = objectLayer(runId, page, graph, filters, labels, () => {
    update();
  });

  const container = h('div', { id: 'graph', class: 'graph', 'aria-label': 'Account graph' });
  // The keyboard's live line sits under the graph from the start, with its text: sigma sizes its
  // canvas to the container as laid out when it is made, and a line that grew after (the help wraps
  // to two lines, 4 px over the line's min-height) made the next frame resize every canvas.
  const focusLine = h(
    'p',
    { id: 'graph-focus', class: 'graph-focus', 'aria-live': 'polite' },
    GRAPH_KEYS_HELP,
  );
  const graphColumn = h('div', { class: 'graph-column' }, container, focusLine);
  const counter = h('p', { id: 'visible-count', 'aria-live': 'polite' });
  const loaded = h('p', { id: 'edges-loaded', class: 'muted' });
  const loadMore = h('button', { type: 'button', id: 'load-more' }, 'Load more edges');
  const loadAll = h('button', { type: 'button', id: 'load-all' }, 'Load all edges');
  const results = h('ul', { id: 'search-results', class: 'results' });

  const nodeVisible = (id: string): boolean => shownNodes.has(id) || objects.nodeShown(id);
  const edgeVisible = (attrs: Record<string, unknown>, a: string, b: string): boolean =>
    attrs.objectEdge === true
      ? objects.edgeShown(attrs, a)
      : edgeShown(attrs as unknown as EdgeFacts, filters) && shownNodes.has(a) && shownNodes.has(b);

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
        ...filterPanel(page, filters, () => {
          update();
        }),
        objects.panel,
        counter,
        loaded,
        h('p', {}, loadMore, ' ', loadAll),
        h('button', { type: 'button', id: 'relayout' }, 'Run layout again'),
        exportPanel(page, () => loadedEdges.objects(), graph, {
          node: (id) => shownNodes.has(id),
          edge: (e) => edgeShown(edgeAttributes(e), filters) && shownNodes.has(e.a) && shownNodes.has(e.b),
          objects: () => objects.visible(),
        }),
        h('h2', {}, 'Networks'),
        ...page.networks.map((n) =>
          networkCard(runId, n, colours.get(n.id) ?? NO_NETWORK, labels, () => networkDetails(n.id)),
        ),
      ),
      graphColumn,
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

  // Each edge's visibility as `update` last tested it (what sigma draws; its edge reducer reads it).
  const drawn = new Map<string, boolean>();
  // Changes only with the graph's size, which always brings a full refresh (every edge re-reduced).
  let edgeType = edgeProgramFor(graph.size);
  const renderer = new ExplorerSigma(graph, container, {
    renderEdgeLabels: false,
    labelRenderedSizeThreshold: 6,
    defaultEdgeColor: EDGE_COLOUR,
    nodeProgramClasses: { circle: CirclePickingAtRest, square: SquarePickingAtRest },
    // `data` is sigma's shallow copy of the node's attributes, made per call (sigma 3.0.3 addNode):
    // changed in place rather than copied again for every hidden or dimmed node.
    nodeReducer: (node, data) => {
      if (!nodeVisible(node)) data.hidden = true;
      else if (hits.size > 0 && !hits.has(node)) {
        data.color = '#e3e5e8';
        data.label = null;
      } else if (hits.has(node)) {
        data.highlighted = true;
        data.forceLabel = true;
      }
      return data;
    },
    edgeReducer: (edge, data) => {
      // `data` is sigma's copy of the attributes. Hidden edges take the same program as shown ones:
      // a partial refresh writes an edge back into the program slot it was indexed in.
      data.type = edgeType;
      // `update` has just tested every edge (before it asks sigma to redraw); an edge it has not seen
      // (sigma's first index, an amplified object's tie being added) is tested here. At 100,000 edges
      // the test's two lookups and the ends' array were ~15 % of a full refresh's JavaScript.
      let shown = drawn.get(edge);
      if (shown === undefined) {
        const [a, b] = graph.extremities(edge);
        shown = edgeVisible(graph.getEdgeAttributes(edge), a, b);
      }
      if (!shown) data.hidden = true;
      return data;
    },
  });
  // Where sigma draws a node, in the container's pixels (null when hidden): a WebGL canvas has no
  // element per node, so the browser tests that click a node on the canvas ask here; and how it draws
  // the edges now (explorer-sigma.ts), for the test at many edges. Not used by the app itself.
  Object.assign(container, {
    edgeDrawing: () => ({
      program: edgeType,
      hiddenWhileMoving: renderer.getSetting('hideEdgesOnMove'),
      fullRefreshes: renderer.fullRefreshes,
      renders: renderer.renders,
      pickingPasses: renderer.pickingPasses,
      edgesReduced: renderer.reduced.edges,
    }),
    // The account ties as the graph holds them, in the order they were added (the first view's test).
    accountEdges: () =>
      graph
        .filterEdges((_e, attrs) => attrs.objectEdge !== true)
        .map((e) => [graph.source(e), graph.target(e), graph.getEdgeAttributes(e)]),
    // A frame drawn now with nothing changed (the bench of a frame at rest): sigma's JavaScript for it, ms.
    drawFrame: (): number => {
      const t = performance.now();
      renderer.drawNow();
      return performance.now() - t;
    },
    nodeViewport: (id: string): { x: number; y: number } | null => {
      const d = graph.hasNode(id) ? renderer.getNodeDisplayData(id) : undefined;
      return d && !d.hidden && nodeVisible(id) ? renderer.framedGraphToViewport(d) : null;
    },
  });
  const openNode = (node: string): void => {
    if (objects.isObject(node)) objects.open(node);
    else location.hash = `#/runs/${encodeURIComponent(runId)}/accounts/${encodeURIComponent(node)}`;
  };
  renderer.on('clickNode', ({ node }) => {
    openNode(node);
  });
  // The keyboard's way into the canvas: Tab to the graph, arrows / N / P between the nodes shown.
  const keyboard = graphKeyboard({
    graph,
    renderer,
    container,
    status: focusLine,
    accounts: page.nodes,
    visible: nodeVisible,
    open: openNode,
  });

  // What sigma last drew: each edge's visibility, the shown accounts, the graph's size. sigma's
  // refresh() re-runs the reducers over every node and edge and re-indexes them all (the label grid,
  // every edge's vertices): at 100,000 edges that is most of a filter's cost. When no account
  // appeared or disappeared and no node or edge was added, a redraw hands sigma only the edges whose
  // visibility changed, and the nodes only when a search may have recoloured them or amplified objects
  // are on. (sigma's label grid is rebuilt only by a full refresh: an amplified object shown again by
  // a partial one gets its label at the next.)
  let drawnHits = hits;
  let drawnObjects = 0;
  let drawnNodes = shownNodes;
  let drawnSize = -1;
  let drawnOrder = -1;
  const sameNodes = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => {
    if (a.size !== b.size) return false;
    for (const id of a) if (!b.has(id)) return false;
    return true;
  };

  const showLoaded = (): void => {
    loaded.textContent =
      loadedEdges.count < edgeTotal
        ? `${fmt(loadedEdges.count)} of ${fmt(edgeTotal)} edges loaded: each account's strongest ties first.`
        : `All ${fmt(edgeTotal)} edges loaded.`;
  };
  /** Recounts and redraws; `redraw` false only for the first count (sigma drew when it was made). */
  const update = (redraw = true): void => {
    shownNodes = visibleNodes(page, filters, full);
    objects.refresh(shownNodes);
    let edges = 0;
    let ties = 0;
    let tieTotal = 0;
    const changed: string[] = [];
    graph.forEachEdge((e, attrs, a, b) => {
      const shown = edgeVisible(attrs, a, b);
      if (drawn.get(e) !== shown) {
        drawn.set(e, shown);
        changed.push(e);
      }
      if (attrs.objectEdge === true) {
        tieTotal++;
        if (shown) ties++;
      } else if (shown) edges++;
    });
    const objectCount = objects.shownCount();
    counter.textContent =
      `Showing ${shownNodes.size} of ${page.nodes.length} accounts and ${edges} of ${loadedEdges.count} edges` +
      (objectCount > 0 || ties > 0
        ? `; ${objectCount} objects and ${ties} of ${tieTotal} account → object ties`
        : '');
    showLoaded();
    loadMore.hidden = loadAll.hidden = chunksLoaded >= (page.edgeChunks ?? 0);
    edgeType = edgeProgramFor(graph.size);
    const partial =
      graph.size === drawnSize && graph.order === drawnOrder && sameNodes(shownNodes, drawnNodes);
    // Crossing MANY_EDGES changes a setting, which re-indexes everything and schedules a render
    // (explorer-sigma.ts): a refresh of ours would only repeat it.
    const nodesChanged = !sameNodes(hits, drawnHits) || objectCount > 0 || drawnObjects > 0;
    // A control moved without changing what is shown (a slider step between two edges' values, a
    // search that finds the same accounts) draws nothing: a frame at rest of 100,000 edges is ~1 s of
    // SwiftShader's CPU (bench/RESULTS.md, h-ui, session 16), the same picture again.
    if (redraw && !renderer.sizeChanged() && !(partial && !nodesChanged && changed.length === 0)) {
      if (partial)
        try {
          renderer.refresh({
            partialGraph: { nodes: nodesChanged ? graph.nodes() : [], edges: changed },
            skipIndexation: true,
          });
        } catch {
          // sigma re-indexed in between (a resize's scheduled refresh): its program slots are gone.
          renderer.reindex();
        }
      else renderer.reindex();
    }
    drawnNodes = shownNodes;
    drawnHits = hits;
    drawnObjects = objectCount;
    drawnSize = graph.size;
    drawnOrder = graph.order;
    keyboard.sync();
  };
  /** Fetches the next chunk of edges into the graph; false when there is none left. */
  const nextChunk = async (): Promise<boolean> => {
    if (chunksLoaded >= (page.edgeChunks ?? 0)) return false;
    const chunk = await api.graphEdges(runId, chunksLoaded + 1);
    // sigma sees the chunk at `update`'s full refresh (the graph's size changed), not edge by edge.
    renderer.addEdgesQuietly(() => {
      loadedEdges.addChunk(graph, chunk);
    });
    chunksLoaded++;
    return true;
  };
  const loading = (run: () => Promise<void>): void => {
    loadMore.disabled = loadAll.disabled = true;
    run()
      .catch((e: unknown) => {
        loaded.after(h('p', { class: 'error', role: 'alert' }, e instanceof Error ? e.message : String(e)));
      })
      .finally(() => {
        loadMore.disabled = loadAll.disabled = false;
        update();
      });
  };
  loadMore.addEventListener('click', () => {
    loading(async () => {
      await nextChunk();
    });
  });
  loadAll.addEventListener('click', () => {
    loading(async () => {
      // Drawn once, after the last chunk (`loading`'s update); between chunks only the loaded line
      // moves on. A draw between them re-indexed and drew every edge loaded so far for a picture
      // replaced a moment later (bench/RESULTS.md, h-edges, session 15).
      while ((await nextChunk()) && chunksLoaded < (page.edgeChunks ?? 0)) showLoaded();
    });
  });

  const search = document.getElementById('search') as HTMLInputElement;
  const showHits = (networks: Iterable<NetworkView>): void => {
    hits = matches(page, networks, filters.query);
    const objectHits = objects.matches(filters.query.toLowerCase());
    for (const o of objectHits) hits.add(o.id);
    results.replaceChildren(
      ...objectHits.slice(0, 10).map((o) => {
        const b = h(
          'button',
          { type: 'button', class: 'link-button object-hit', 'data-object': o.id },
          label(o.label),
        );
        b.addEventListener('click', () => {
          objects.open(o.id);
        });
        return h('li', {}, b);
      }),
      ...[...hits]
        .filter((id) => !objects.isObject(id))
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
  };
  search.addEventListener('input', () => {
    const q = search.value.trim();
    filters.query = q;
    if (q === '') {
      showHits([]);
      return;
    }
    details().then(
      (nets) => {
        // A later keystroke has its own answer coming.
        if (filters.query === q) showHits(nets.values());
      },
      (e: unknown) => {
        allDetails = undefined;
        results.replaceChildren(
          h('li', { class: 'error', role: 'alert' }, e instanceof Error ? e.message : String(e)),
        );
      },
    );
  });
  const layout = layoutRunner(graph, container);
  document.getElementById('relayout')!.addEventListener('click', layout.run);
  // Positions laid out at import draw at once; older runs start from seeded spots and need the worker.
  if (laidOut) container.dataset.layout = 'done';
  else layout.run();
  update(false);
  return () => {
    layout.kill();
    renderer.kill();
  };
}
