/**
 * Typed arrays moved into SharedArrayBuffer memory, so that a structured clone (`postMessage`,
 * `workerData`) hands worker threads views of the same bytes instead of a copy each: an index built
 * once in one thread is read by every thread (read-only by convention; nothing locks it).
 *
 * Cost: one copy of the array (O(bytes)) when it is shared; none per thread it is sent to.
 */

type TypedArray = Int32Array | Uint16Array | Uint8Array | Float32Array | Float64Array;

interface TypedArrayOf<T extends TypedArray> {
  new (buffer: SharedArrayBuffer): T;
}

/** `a`'s contents in a new SharedArrayBuffer, as the same kind of typed array (`a` itself if already shared). */
export function toShared<T extends TypedArray>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const Ctor = a.constructor as TypedArrayOf<T>;
  const out = new Ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}
