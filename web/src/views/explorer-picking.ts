/**
 * sigma's picking pass only while the camera rests. sigma (3.0.3) draws every node twice per frame:
 * once on screen and once, in colours that encode node ids, into an off-screen framebuffer it reads
 * one pixel of (gl.readPixels) to know which node is under the pointer (hover, click). While the
 * camera moves (a drag, its inertia, a wheel zoom, an animation) no node can be clicked and hover
 * is moot, so the node programs here skip that pass then; the renderer (explorer-sigma.ts) says
 * whether the frame underway picks and makes sure the buffer is drawn again before a click reads it.
 *
 * Why it matters: in software WebGL (headless Chromium's SwiftShader, machines without a GPU) the
 * GPU process's time per frame is what a pan waits for (the renderer's commit reads each changed
 * WebGL canvas back and waits, CommandBufferHelper::Finish); the picking pass was about half of it
 * with every edge loaded (bench/workspace-pan-profile.ts; bench/RESULTS.md, h-pan, session 14).
 */
import type { ProgramInfo } from 'sigma/rendering';
import { NodeCircleProgram } from 'sigma/rendering';
import type { RenderParams } from 'sigma/types';
import { NodeSquareProgram } from './explorer-objects.js';
import { unInstanced } from './explorer-uninstanced.js';
import { uploadWhenChanged } from './explorer-upload.js';

/** What a renderer tells its node programs about the frame underway (explorer-sigma.ts sets it). */
export interface PickingGate {
  /** False while drawing a frame without the picking pass. */
  readonly picks: boolean;
  /** Told each time a program draws its picking pass (the browser test counts them). */
  pickingPassDrawn(): void;
}

/** Draws `program`'s frame, without its picking pass when its renderer says this frame does not pick. */
function pickOnlyAtRest(
  program: { pickProgram: ProgramInfo | null; renderer: unknown; hasNothingToRender(): boolean },
  draw: () => void,
): void {
  const gate = program.renderer as Partial<PickingGate>;
  if (gate.picks !== false) {
    draw();
    if (program.pickProgram !== null && !program.hasNothingToRender()) gate.pickingPassDrawn?.();
    return;
  }
  // sigma's Program.render draws the picking pass when it has a pick program: hide it for this frame.
  const pick = program.pickProgram;
  program.pickProgram = null;
  try {
    draw();
  } finally {
    program.pickProgram = pick;
  }
}

/**
 * sigma's default (round) node program, picking only at rest, uploading only what changed, drawn
 * without instancing (explorer-uninstanced.ts): the accounts.
 */
export class CirclePickingAtRest extends uploadWhenChanged(unInstanced(NodeCircleProgram)) {
  override render(params: RenderParams): void {
    pickOnlyAtRest(this, () => {
      super.render(params);
    });
  }
}

/** The amplified objects' square program (explorer-objects.ts), picking only at rest, uploading only what changed. */
export class SquarePickingAtRest extends uploadWhenChanged(NodeSquareProgram) {
  override render(params: RenderParams): void {
    pickOnlyAtRest(this, () => {
      super.render(params);
    });
  }
}
