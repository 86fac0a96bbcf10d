/**
 * Where the explorer's nodes start and how they are laid out again. Runs imported with positions
 * (ForceAtlas2 at import, src/workspace/graph-page.ts) draw at once; older runs start from seeded
 * spots, one per network, and ForceAtlas2 (Jacomy et al. 2014, PLoS ONE 9(6): e98679) runs in a web
 * worker for a fixed time — also when the analyst asks ("Run layout again").
 *
 * Cost: seeding is O(V); the worker copies the graph (O(V + E)) and runs Barnes–Hut iterations,
 * O(V log V + E) each, off the page's main thread.
 */
import type Graph from 'graphology';
import FA2Layout from 'graphology-layout-forceatlas2/worker';
import { inferSettings } from 'graphology-layout-forceatlas2';
import type { GraphHead } from '../../../src/workspace/api-schema.js';

const LAYOUT_MS = 2500;

/** Deterministic start positions (runs imported without positions): each network on its own spot. */
export function seedPositions(page: GraphHead): Map<string, { x: number; y: number }> {
  const nets = new Map(page.networks.map((n, i) => [n.id, i]));
  const k = Math.max(1, page.networks.length);
  let s = 1;
  const rand = (): number => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
  const out = new Map<string, { x: number; y: number }>();
  for (const n of page.nodes) {
    const i = n.network === null ? k : (nets.get(n.network) ?? k);
    const a = (2 * Math.PI * i) / (k + 1);
    out.set(
      n.id,
      n.x !== undefined && n.y !== undefined
        ? { x: n.x, y: n.y }
        : { x: 10 * Math.cos(a) + rand() * 2, y: 10 * Math.sin(a) + rand() * 2 },
    );
  }
  return out;
}

/** ForceAtlas2 in a worker for LAYOUT_MS; `container.dataset.layout` says running / done. */
export function layoutRunner(graph: Graph, container: HTMLElement): { run: () => void; kill: () => void } {
  // Made on first use: the worker copies the graph, which a page opened with positions never needs.
  let layout: FA2Layout | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    run: () => {
      layout?.kill();
      layout = new FA2Layout(graph, {
        settings: { ...inferSettings(graph), barnesHutOptimize: graph.order > 2000 },
      });
      const running = layout;
      running.start();
      container.dataset.layout = 'running';
      clearTimeout(timer);
      timer = setTimeout(() => {
        running.stop();
        container.dataset.layout = 'done';
      }, LAYOUT_MS);
    },
    kill: () => {
      clearTimeout(timer);
      layout?.kill();
    },
  };
}
