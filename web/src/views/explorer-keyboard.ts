/**
 * Keyboard access to the explorer's graph (WCAG 2.1.1, keyboard). A WebGL canvas has no element per
 * node, so the graph's container takes the focus (Tab) and the keys move a focus of our own over the
 * nodes sigma shows now — the filters, the loaded edges and the amplified objects decide which, as
 * they do for the mouse:
 * - arrow keys: the nearest shown node in that direction on screen (within 45° of the arrow; the
 *   score is the distance along the arrow plus twice the distance across it, the usual
 *   spatial-navigation weighting);
 * - N / P: the next / previous shown neighbour of the node where the presses began, thickest ties
 *   first, so an analyst can walk one account's ties and come back;
 * - Home: the highest-scored shown account; Enter or Space: open the node (account page, object
 *   card); Escape: leave it.
 * The focused node is marked by a ring over the canvas — a DOM element moved after each sigma render,
 * never a WebGL redraw (a frame of 100k edges takes seconds in software WebGL) — and named in a polite
 * live region, which screen readers announce and sighted users read under the graph.
 *
 * Cost: an arrow key is one O(V) pass over the nodes (their viewport positions); N / P sort the
 * starting node's neighbours once, O(d log d) for d neighbours; placing the ring is O(1) per render.
 */
import type Graph from 'graphology';
import type Sigma from 'sigma';
import type { GraphNode } from '../../../src/workspace/api-schema.js';
import { fmt, h } from '../dom.js';

export interface GraphKeyboardOptions {
  graph: Graph;
  renderer: Sigma;
  /** The element sigma draws in; it becomes the Tab stop. */
  container: HTMLElement;
  /**
   * The live line naming the focused node (`aria-live` polite), placed by the explorer under the
   * graph before sigma measures the container.
   */
  status: HTMLElement;
  /** The run's accounts (the graph's other nodes are amplified objects). */
  accounts: readonly GraphNode[];
  /** Whether the node is shown under the current filters. */
  visible(id: string): boolean;
  /** Opens the node: its account page, or an object's card. */
  open(id: string): void;
}

export interface GraphKeyboard {
  /** After the filters or the graph changed: a focused node they hid is left, the ring moved. */
  sync(): void;
}

/** What the live line says until a node is focused (the explorer writes it before sigma measures the graph). */
export const GRAPH_KEYS_HELP =
  'Graph: Tab into it, then arrow keys move between the nodes shown, N and P walk a node’s ties, ' +
  'Home goes to the highest-scored account, Enter opens the node.';

const ARROWS: Record<string, { x: number; y: number; word: string }> = {
  ArrowLeft: { x: -1, y: 0, word: 'left of' },
  ArrowRight: { x: 1, y: 0, word: 'right of' },
  ArrowUp: { x: 0, y: -1, word: 'above' },
  ArrowDown: { x: 0, y: 1, word: 'below' },
};

export function graphKeyboard(o: GraphKeyboardOptions): GraphKeyboard {
  const { graph, renderer, container, status } = o;
  container.tabIndex = 0;
  container.setAttribute('role', 'application');
  container.setAttribute('aria-roledescription', 'graph');
  container.setAttribute('aria-describedby', status.id);
  status.textContent = GRAPH_KEYS_HELP;
  const name = h('span', { class: 'node-ring-label' });
  const ring = h('div', { class: 'node-ring', 'aria-hidden': 'true', hidden: true }, name);
  container.append(ring);

  let focused: string | null = null;
  // N / P: the node the walk started from, its shown neighbours (thickest ties first), where we are.
  let walk: { from: string; ids: string[]; at: number } | null = null;

  const label = (id: string): string => String(graph.getNodeAttribute(id, 'label') ?? id);
  const accounts = new Map(o.accounts.map((n) => [n.id, n]));
  /** Where the keys start: the highest-scored shown account. */
  const start = (): string | undefined => {
    let top: GraphNode | undefined;
    for (const n of o.accounts) if (o.visible(n.id) && (!top || n.score > top.score)) top = n;
    return top?.id;
  };
  /** What the live line says of a node. */
  const describe = (id: string): string => {
    const n = accounts.get(id);
    if (!n) return `${label(id)}: an amplified object. Enter opens its card.`;
    let ties = 0;
    graph.forEachNeighbor(id, (other) => {
      if (o.visible(other)) ties++;
    });
    return (
      `${label(id)} (${id}): ${n.network === null ? 'in no network' : `network ${n.network}`}, ` +
      `score ${fmt(n.score)}, ${ties} shown ${ties === 1 ? 'neighbour' : 'neighbours'}. Enter opens the account.`
    );
  };
  const where = (id: string): { x: number; y: number } | null => {
    const d = renderer.getNodeDisplayData(id);
    return d && !d.hidden && o.visible(id) ? renderer.framedGraphToViewport(d) : null;
  };

  /** Puts the ring on the focused node (hidden when there is none or it is not drawn). */
  const place = (): void => {
    const d = focused === null ? undefined : renderer.getNodeDisplayData(focused);
    if (focused === null || !d || d.hidden || !o.visible(focused)) {
      ring.hidden = true;
      return;
    }
    const p = renderer.framedGraphToViewport(d);
    const r = Math.max(9, renderer.scaleSize(d.size) + 5);
    ring.hidden = false;
    ring.style.left = `${p.x - r}px`;
    ring.style.top = `${p.y - r}px`;
    ring.style.width = ring.style.height = `${2 * r}px`;
  };
  renderer.on('afterRender', place);

  const focus = (id: string, how = ''): void => {
    focused = id;
    container.dataset.focusedNode = id;
    name.textContent = label(id);
    status.textContent = describe(id) + how;
    // Off screen (or at its edge): the camera glides to it; the ring follows at each render.
    const p = where(id);
    const { width, height } = renderer.getDimensions();
    const d = renderer.getNodeDisplayData(id);
    if (d && (!p || p.x < 24 || p.y < 24 || p.x > width - 24 || p.y > height - 24))
      renderer.getCamera().animate({ x: d.x, y: d.y }, { duration: 300 }, () => undefined);
    place();
  };
  const leave = (why: string): void => {
    focused = null;
    walk = null;
    delete container.dataset.focusedNode;
    ring.hidden = true;
    status.textContent = why;
  };

  /** The nearest shown node from the focused one in the arrow's direction, or null. */
  const step = (arrow: { x: number; y: number }): string | null => {
    const from = focused === null ? null : where(focused);
    if (!from) return null;
    let best: string | null = null;
    let bestScore = Infinity;
    graph.forEachNode((id) => {
      if (id === focused) return;
      const p = where(id);
      if (!p) return;
      const dx = p.x - from.x;
      const dy = p.y - from.y;
      const along = dx * arrow.x + dy * arrow.y;
      const across = Math.abs(dx * arrow.y - dy * arrow.x);
      if (along <= 0 || across > along) return;
      const score = along + 2 * across;
      if (score < bestScore) {
        bestScore = score;
        best = id;
      }
    });
    return best;
  };

  /** N (+1) / P (−1): the walk over the starting node's shown neighbours, begun here if needed. */
  const neighbour = (delta: number): void => {
    if (focused === null) return;
    if (walk === null || (focused !== walk.from && walk.ids[walk.at] !== focused)) {
      const ties = new Map<string, number>();
      graph.forEachEdge(focused, (_e, attrs, a, b) => {
        const other = a === focused ? b : a;
        if (o.visible(other)) ties.set(other, (ties.get(other) ?? 0) + Number(attrs.size ?? 1));
      });
      walk = { from: focused, ids: [...ties].sort((x, y) => y[1] - x[1]).map(([id]) => id), at: -1 };
    }
    const w = walk;
    if (w.ids.length === 0) {
      status.textContent = `${label(w.from)} has no tie to a shown node.`;
      return;
    }
    w.at = (w.at + delta + w.ids.length) % w.ids.length;
    focus(
      w.ids[w.at]!,
      ` (tie ${w.at + 1} of ${w.ids.length} of ${label(w.from)}: N and P go on, arrow keys leave the walk)`,
    );
  };

  const begin = (): void => {
    const s = start();
    if (s === undefined) leave('No node is shown: loosen the filters.');
    else focus(s);
  };

  container.addEventListener('keydown', (ev) => {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const arrow = ARROWS[ev.key];
    const here = focused !== null && o.visible(focused) ? focused : null;
    if (arrow) {
      walk = null;
      if (here === null) begin();
      else {
        const next = step(arrow);
        if (next === null) status.textContent = `No shown node ${arrow.word} ${label(here)}.`;
        else focus(next);
      }
    } else if (ev.key === 'n' || ev.key === 'N' || ev.key === 'p' || ev.key === 'P') {
      if (here === null) begin();
      else neighbour(ev.key.toLowerCase() === 'n' ? 1 : -1);
    } else if (ev.key === 'Home') {
      walk = null;
      begin();
    } else if (ev.key === 'Enter' || ev.key === ' ') {
      if (here !== null) o.open(here);
    } else if (ev.key === 'Escape' && focused !== null) {
      leave(GRAPH_KEYS_HELP);
    } else return;
    ev.preventDefault();
  });
  // Tabbed into (not clicked): start on a node at once so the live region says where the keys are.
  container.addEventListener('focus', () => {
    if (container.matches(':focus-visible') && (focused === null || !o.visible(focused))) begin();
  });

  return {
    sync() {
      if (focused !== null && !o.visible(focused))
        leave(
          `${label(focused)} is hidden by the filters now; the arrow keys start again from the top account.`,
        );
      else place();
    },
  };
}
