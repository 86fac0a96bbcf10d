/**
 * sigma's instanced programs drawn as one plain draw call of all their vertices. sigma (3.0.3,
 * src/rendering/program.ts) draws a program with `CONSTANT_ATTRIBUTES` (the node circle, the edge
 * rectangle, …) by instancing: one small per-vertex array (a circle's three corner angles) and one
 * per-item array (position, size, colour, id), `drawArraysInstanced(TRIANGLES, 0, 3, items)`. A GPU
 * does that in one pass; SwiftShader, the software Vulkan under Chromium's software WebGL (headless,
 * `--disable-gpu`, machines without a usable GPU), runs an instanced draw as one draw per instance
 * (google/swiftshader, src/Vulkan/VkCommandBuffer.cpp, CmdDrawBase::draw: a loop over the instances,
 * each a `Renderer::draw`) — 10,000 nodes, 10,000 tiny draws handed to its worker threads, most of
 * the time in their hand-offs (futex waits and wakes; `perf` of the GPU process), not in shading.
 *
 * Here the same program writes each vertex in full — the item's attributes repeated per vertex,
 * followed by that vertex's constant ones — and sigma draws it with `drawArrays(…, 0, VERTICES ×
 * items)`: the same shaders, the same attributes per vertex, so the same pixels; one draw call.
 *
 * Measured at 10k accounts / 100k edges, a 20-step drag (bench/workspace-pan-profile.ts,
 * bench/RESULTS.md, h-gpu, session 18). Cost: the vertex array is VERTICES × (item + constant)
 * floats per item instead of item floats (the node circle: 3 × 6 instead of 5 — 720 KB at 10,000
 * nodes), uploaded only when it changes (explorer-upload.ts); `process` copies the item's floats
 * VERTICES − 1 times, bit for bit (`copyWithin`: packed colours and ids are floats whose bits matter).
 */
import { getAttributesItemsCount } from 'sigma/rendering';
import type { InstancedProgramDefinition, Program, ProgramDefinition } from 'sigma/rendering';

/** What sigma's program classes let us hook: the array's writer (node and edge `process` differ). */
interface Processing {
  process(...args: never[]): void;
}

// TypeScript's mixin pattern needs a constructor taking `any[]` (TS2545), and sigma's programs take
// (gl, pickingBuffer, renderer).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ProgramClass = abstract new (...args: any[]) => Program & Processing;

const isInstanced = (d: ProgramDefinition): d is InstancedProgramDefinition => 'CONSTANT_ATTRIBUTES' in d;

/** `Base` (a concrete sigma program class), drawn without instancing; unchanged when not instanced. */
export function unInstanced<C extends ProgramClass>(Base: C): C {
  // Base's own definition. `super.getDefinition()` does not type-check: Program declares it abstract.
  const baseDefinition = (p: object): ProgramDefinition =>
    (Base.prototype as { getDefinition(this: object): ProgramDefinition }).getDefinition.call(p);
  abstract class UnInstanced extends Base {
    /** Base's definition, read at the first `process`: per-item floats and each vertex's constant
     * floats when instanced, else null. */
    private layout?: { item: number; constants: number[][] } | null;

    override getDefinition(): ProgramDefinition {
      const def = baseDefinition(this);
      if (!isInstanced(def)) return def;
      // Without CONSTANT_ATTRIBUTES, sigma's Program draws with drawArrays.
      return {
        VERTICES: def.VERTICES,
        VERTEX_SHADER_SOURCE: def.VERTEX_SHADER_SOURCE,
        FRAGMENT_SHADER_SOURCE: def.FRAGMENT_SHADER_SOURCE,
        UNIFORMS: def.UNIFORMS,
        METHOD: def.METHOD,
        ATTRIBUTES: [...def.ATTRIBUTES, ...def.CONSTANT_ATTRIBUTES],
      };
    }

    override process(...args: never[]): void {
      super.process(...args);
      if (this.layout === undefined) {
        const def = baseDefinition(this);
        this.layout = isInstanced(def)
          ? { item: getAttributesItemsCount(def.ATTRIBUTES), constants: def.CONSTANT_DATA }
          : null;
      }
      if (this.layout === null) return;
      const { item, constants } = this.layout;
      // sigma's process wrote the item's floats (or, hidden, zeros over the whole stride) at the
      // start of its slot: offset × STRIDE, STRIDE = VERTICES × (item + constant floats).
      const start = (args[1] as unknown as number) * this.STRIDE;
      const vertex = this.ATTRIBUTES_ITEMS_COUNT;
      const a = this.array;
      for (let v = constants.length - 1; v >= 0; v--) {
        const at = start + v * vertex;
        if (v > 0) a.copyWithin(at, start, start + item);
        const c = constants[v]!;
        for (let k = 0; k < c.length; k++) a[at + item + k] = c[k]!;
      }
    }
  }
  return UnInstanced;
}
