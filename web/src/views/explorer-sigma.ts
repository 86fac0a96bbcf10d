/**
 * sigma.js as the explorer draws with it, for graphs of up to ~100k edges in software WebGL
 * (headless Chromium's SwiftShader, machines without a usable GPU), where a frame's cost is the
 * fragments shaded and the work redone on the page's main thread:
 * - above MANY_EDGES edges, edges are drawn as 1-px lines (sigma's EdgeLineProgram: gl.LINES, a flat
 *   colour) instead of its default rectangles (two triangles of at least 1.7 px plus a 1 px
 *   antialiasing feather, a smoothing fragment shader); at that density an edge's width no longer
 *   reads, and below it rectangles keep the tie weight visible;
 * - the rectangles (and the accounts' circles, explorer-picking.ts) are drawn without instancing
 *   (explorer-uninstanced.ts): SwiftShader runs an instanced draw as one draw per instance;
 * - above HIDE_ON_MOVE edges (so the first view of a large run too: 10,000), edges are hidden while
 *   the camera moves (`hideEdgesOnMove`): shading 10,000 rectangles per frame of a drag cost the
 *   GPU process ~40 % of the drag, the worst frame ~0.6 s more (bench/RESULTS.md, h-pan, session 14);
 * - while the camera moves, the node programs skip sigma's picking pass (explorer-picking.ts); a
 *   click's picking read finds the buffer drawn again first, and the end of a drag draws it;
 * - the end of a drag renders instead of refreshing. With `hideEdgesOnMove`, sigma's mouse captor
 *   calls `refresh()` when a drag ends, to draw the edges it hid — which re-reduces and re-indexes
 *   every node and edge although a drag changes no data; its own comment there says a render could
 *   do (sigma 3.0.3, src/core/captors/mouse.ts; jacomyal/sigma.js#1290). That captor is the only
 *   caller of `refresh()` without options once the renderer is made, so here that call schedules a render, and
 *   the explorer asks for a full refresh with `reindex()`.
 * - a batch of edges ("Load more edges") is added with sigma's `edgeAdded` listener muted
 *   ({@link ExplorerSigma.addEdgesQuietly}): for each edge added that listener runs the edge
 *   reducer twice and queues a partial refresh, all of it redone by the full refresh the explorer
 *   does once the batch is in (the graph's size changed).
 * bench/RESULTS.md (h-ui, session 13; h-pan, session 14; h-edges, session 15) measures them at
 * 10k accounts / 100k edges.
 */
import type Graph from 'graphology';
import Sigma from 'sigma';
import { EdgeLineProgram, EdgeRectangleProgram } from 'sigma/rendering';
import type { Settings } from 'sigma/settings';
import type { PickingGate } from './explorer-picking.js';
import { unInstanced } from './explorer-uninstanced.js';
import { uploadWhenChanged } from './explorer-upload.js';

/** Above this many edges in the graph: thin edges (1-px lines). */
export const MANY_EDGES = 20_000;
/** Above this many edges in the graph: edges hidden while the camera moves. */
export const HIDE_ON_MOVE = 5_000;
/** sigma's default edge program's name, and ours for many edges. */
const WIDE = 'line';
const THIN = 'thin';
/** Both, uploading their vertex arrays only when they changed (explorer-upload.ts). */
const WIDE_PROGRAM = uploadWhenChanged(unInstanced(EdgeRectangleProgram));
const THIN_PROGRAM = uploadWhenChanged(EdgeLineProgram);

/** The edge program for a graph of `edges` edges (the explorer's edge reducer sets it as `type`). */
export const edgeProgramFor = (edges: number): string => (edges > MANY_EDGES ? THIN : WIDE);

/** Whether sigma counts the camera as moving: the test of its render() (sigma 3.0.3, src/sigma.ts). */
function cameraMoving(renderer: Sigma): boolean {
  const mouse = renderer.getMouseCaptor();
  return (
    renderer.getCamera().isAnimated() ||
    mouse.isMoving ||
    mouse.draggedEvents > 0 ||
    mouse.currentWheelDirection !== 0
  );
}

const edgeAddedListeners = (graph: Graph) => graph.listeners('edgeAdded');
type EdgeAddedListener = ReturnType<typeof edgeAddedListeners>[number];

export class ExplorerSigma extends Sigma implements PickingGate {
  /** Unset while sigma's constructor runs: its first refresh must index everything. */
  private made = false;
  /** Since it was made: full refreshes (every node and edge re-indexed), renders and picking passes
   * drawn (per node program: the accounts', and the objects' when shown) — the browser test. */
  fullRefreshes = 0;
  renders = 0;
  pickingPasses = 0;
  /** Calls of the explorer's edge reducer: each edge re-reduced (the browser test). */
  readonly reduced: { edges: number };
  /** Whether the frame being drawn draws the picking pass (read by explorer-picking.ts's programs). */
  picks = true;
  /** Whether the last frame drew the picking buffer (a frame without the pass leaves it empty). */
  private pickingDrawn = true;
  /** Set for a frame that must pick although the camera moves (a click is about to read the buffer). */
  private forcePicking = false;

  /** sigma's own `edgeAdded` listeners on the graph (muted while a batch is added). */
  private readonly edgeAddedListeners: EdgeAddedListener[];

  constructor(graph: Graph, container: HTMLElement, settings: Partial<Settings>) {
    const before = new Set(edgeAddedListeners(graph));
    const reduced = { edges: 0 };
    const edgeReducer = settings.edgeReducer;
    super(graph, container, {
      ...settings,
      ...(edgeReducer
        ? {
            edgeReducer: (edge, data) => {
              reduced.edges++;
              return edgeReducer(edge, data);
            },
          }
        : {}),
      hideEdgesOnMove: graph.size > HIDE_ON_MOVE,
      edgeProgramClasses: { ...settings.edgeProgramClasses, [WIDE]: WIDE_PROGRAM, [THIN]: THIN_PROGRAM },
    });
    this.made = true;
    this.reduced = reduced;
    this.edgeAddedListeners = edgeAddedListeners(graph).filter((l) => !before.has(l));
    // sigma's render() is private: whether a frame picks is decided as it starts, counted as it ends.
    this.on('beforeRender', () => {
      this.picks = this.forcePicking || !cameraMoving(this);
    });
    this.on('afterRender', () => {
      this.renders++;
      this.pickingDrawn = this.picks;
      this.picks = true;
    });
    const mouse = this.getMouseCaptor();
    // sigma's click handler reads the picking buffer (clickNode): after frames drawn while moving (a
    // short drag's, an animation's) it is empty, so draw a frame with it first. Prepended: this runs
    // before sigma's own listener.
    mouse.prependListener('click', () => {
      if (this.pickingDrawn) return;
      this.forcePicking = true;
      try {
        this.drawNow();
      } finally {
        this.forcePicking = false;
      }
    });
    // A drag's end: sigma stops counting the drag on a 0 ms timer after the release (this one runs
    // after it); if no frame comes then (no inertia, edges not hidden) the buffer would stay empty
    // and hover find nothing until the next frame.
    mouse.on('mouseup', () => {
      setTimeout(() => {
        if (!this.pickingDrawn) this.scheduleRender();
      }, 0);
    });
  }

  /** A frame drawn now, of the data as indexed: nothing re-reduced or re-indexed (a partial refresh of nothing). */
  drawNow(): void {
    super.refresh({ partialGraph: {}, skipIndexation: true });
  }

  pickingPassDrawn(): void {
    this.pickingPasses++;
  }

  /** With options, sigma's refresh; without (the end of a drag), a render of the data as indexed, next frame. */
  override refresh(opts?: Parameters<Sigma['refresh']>[0]): this {
    if (!this.made) return super.refresh(opts);
    if (opts === undefined) return this.scheduleRender();
    if (!opts.partialGraph) this.fullRefreshes++;
    return super.refresh(opts);
  }

  /**
   * Runs `add`, which adds edges to the graph, without sigma's per-edge listener; sigma does not see
   * them until the caller's full refresh ({@link reindex}, or a setting changed by {@link sizeChanged}).
   */
  addEdgesQuietly(add: () => void): void {
    const graph = this.getGraph();
    for (const l of this.edgeAddedListeners) graph.removeListener('edgeAdded', l);
    try {
      add();
    } finally {
      for (const l of this.edgeAddedListeners) graph.on('edgeAdded', l);
    }
  }

  /** Every node and edge reduced and indexed again, then drawn. */
  reindex(): this {
    return super.refresh({});
  }

  /**
   * After the graph grew or shrank: edges hidden while moving above HIDE_ON_MOVE. True when that
   * changed, which re-indexed everything (setSetting does) and scheduled a render: the caller's own
   * refresh would only repeat it.
   */
  sizeChanged(): boolean {
    const hide = this.getGraph().size > HIDE_ON_MOVE;
    if (this.getSetting('hideEdgesOnMove') === hide) return false;
    this.setSetting('hideEdgesOnMove', hide);
    return true;
  }
}
