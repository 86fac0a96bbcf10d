/**
 * sigma.js as the explorer draws with it, for graphs of up to ~100k edges in software WebGL
 * (headless Chromium's SwiftShader, machines without a usable GPU), where a frame's cost is the
 * fragments shaded and the work redone on the page's main thread:
 * - above MANY_EDGES edges, edges are drawn as 1-px lines (sigma's EdgeLineProgram: gl.LINES, a flat
 *   colour) instead of its default rectangles (two triangles of at least 1.7 px plus a 1 px
 *   antialiasing feather, a smoothing fragment shader), and hidden while the camera moves
 *   (`hideEdgesOnMove`); at that density an edge's width no longer reads, and below it rectangles
 *   keep the tie weight visible;
 * - the end of a drag renders instead of refreshing. With `hideEdgesOnMove`, sigma's mouse captor
 *   calls `refresh()` when a drag ends, to draw the edges it hid — which re-reduces and re-indexes
 *   every node and edge although a drag changes no data; its own comment there says a render could
 *   do (sigma 3.0.3, src/core/captors/mouse.ts; jacomyal/sigma.js#1290). That captor is the only
 *   caller of `refresh()` without options once the renderer is made, so here that call schedules a render, and
 *   the explorer asks for a full refresh with `reindex()`.
 * bench/RESULTS.md (h-ui, session 13) measures both at 10k accounts / 100k edges.
 */
import type Graph from 'graphology';
import Sigma from 'sigma';
import { EdgeLineProgram } from 'sigma/rendering';
import type { Settings } from 'sigma/settings';

/** Above this many edges in the graph: thin edges, hidden while the camera moves. */
export const MANY_EDGES = 20_000;
/** sigma's default edge program's name, and ours for many edges. */
const WIDE = 'line';
const THIN = 'thin';

/** The edge program for a graph of `edges` edges (the explorer's edge reducer sets it as `type`). */
export const edgeProgramFor = (edges: number): string => (edges > MANY_EDGES ? THIN : WIDE);

export class ExplorerSigma extends Sigma {
  /** Unset while sigma's constructor runs: its first refresh must index everything. */
  private made = false;
  /** Since it was made: full refreshes (every node and edge re-indexed) and renders (the browser test). */
  fullRefreshes = 0;
  renders = 0;

  constructor(graph: Graph, container: HTMLElement, settings: Partial<Settings>) {
    super(graph, container, {
      ...settings,
      hideEdgesOnMove: graph.size > MANY_EDGES,
      edgeProgramClasses: { ...settings.edgeProgramClasses, [THIN]: EdgeLineProgram },
    });
    this.made = true;
    this.on('afterRender', () => {
      this.renders++;
    });
  }

  /** With options, sigma's refresh; without (the end of a drag), a render of the data as indexed, next frame. */
  override refresh(opts?: Parameters<Sigma['refresh']>[0]): this {
    if (!this.made) return super.refresh(opts);
    if (opts === undefined) return this.scheduleRender();
    if (!opts.partialGraph) this.fullRefreshes++;
    return super.refresh(opts);
  }

  /** Every node and edge reduced and indexed again, then drawn. */
  reindex(): this {
    return super.refresh({});
  }

  /**
   * After the graph grew or shrank: edges hidden while moving above MANY_EDGES. True when that
   * changed, which re-indexed everything (setSetting does) and scheduled a render: the caller's own
   * refresh would only repeat it.
   */
  sizeChanged(): boolean {
    const hide = this.getGraph().size > MANY_EDGES;
    if (this.getSetting('hideEdgesOnMove') === hide) return false;
    this.setSetting('hideEdgesOnMove', hide);
    return true;
  }
}
