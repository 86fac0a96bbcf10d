/**
 * sigma's programs with their vertex arrays uploaded to the GPU only after they changed. sigma (3.0.3,
 * src/rendering/program.ts) writes each item's vertices into a program's `array` in `process` (a full
 * or partial refresh, after `reallocate`), and `bindProgram` — run for every frame a program draws,
 * for its picking pass and its on-screen pass — hands the whole array to `gl.bufferData` again,
 * though a pan, a zoom or a frame at rest changes only uniforms (the camera matrix). Here a program
 * remembers which of its two WebGL buffers (one per ProgramInfo: on screen, picking) hold its array
 * as it is, and binds those without uploading; `process` and `reallocate` forget that.
 *
 * Effect at 10k accounts / 100k edges: a 20-step drag handed WebGL 4.7 MB (first view) or 7.6 MB
 * (every edge) of unchanged arrays, now none; in software WebGL the browser's CPU per frame did not
 * measurably change (the GPU process's rasterising dominates; bench/RESULTS.md, h-ui, session 17).
 * Cost: a Set of at most two entries per program; `process` clears it once per item processed.
 */
import type { Program, ProgramInfo } from 'sigma/rendering';

/** What sigma's program classes let us hook: the array's writers (node and edge `process` differ). */
interface Processing {
  process(...args: never[]): void;
}

// TypeScript's mixin pattern needs a constructor taking `any[]` (TS2545), and sigma's programs take
// (gl, pickingBuffer, renderer).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ProgramClass = abstract new (...args: any[]) => Program & Processing;

/**
 * `Base` (a concrete sigma program class) uploading its array only when it changed since that
 * buffer's last upload.
 */
export function uploadWhenChanged<C extends ProgramClass>(Base: C): C {
  abstract class UploadWhenChanged extends Base {
    /** The ProgramInfos whose WebGL buffer holds `array` as it is now. */
    private readonly current = new Set<ProgramInfo>();

    override process(...args: never[]): void {
      this.current.clear();
      super.process(...args);
    }

    override reallocate(capacity: number): void {
      // sigma's reallocate keeps the array when the capacity is unchanged.
      if (capacity !== this.capacity) this.current.clear();
      super.reallocate(capacity);
    }

    protected override bindProgram(program: ProgramInfo): void {
      if (!this.current.has(program)) {
        super.bindProgram(program);
        this.current.add(program);
        return;
      }
      // sigma's bindProgram without its gl.bufferData calls: the attributes point into the buffers
      // as last uploaded (the constant one, of instanced programs, never changes).
      const gl = program.gl;
      if (this.isInstanced) {
        gl.bindBuffer(gl.ARRAY_BUFFER, program.constantBuffer);
        let offset = 0;
        for (const attr of this.CONSTANT_ATTRIBUTES)
          offset += this.bindAttribute(attr, program, offset, false);
      }
      gl.bindBuffer(gl.ARRAY_BUFFER, program.buffer);
      let offset = 0;
      for (const attr of this.ATTRIBUTES)
        offset += this.isInstanced
          ? this.bindAttribute(attr, program, offset, true)
          : this.bindAttribute(attr, program, offset);
      gl.bindBuffer(gl.ARRAY_BUFFER, null);
    }
  }
  return UploadWhenChanged;
}
