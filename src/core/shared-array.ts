/**
 * Typed arrays in SharedArrayBuffer memory, so that a structured clone (`postMessage`, `workerData`)
 * hands worker threads views of the same bytes instead of a copy each: an index built once in one
 * thread is read by every thread (read-only by convention; nothing locks it). Reads and writes cost
 * what they cost in an ordinary ArrayBuffer, so an index can be built in shared memory from the start.
 *
 * Cost: {@link sharedArray} none beyond the allocation; {@link toShared} one copy of the array; none
 * per thread it is sent to.
 */

type TypedArray = Int32Array | Uint16Array | Uint8Array | Float32Array | Float64Array;

interface TypedArrayOf<T extends TypedArray> {
  new (buffer: SharedArrayBuffer): T;
  readonly BYTES_PER_ELEMENT: number;
}

/** A zeroed typed array of `length` elements in a new SharedArrayBuffer. */
export function sharedArray<T extends TypedArray>(Ctor: TypedArrayOf<T>, length: number): T {
  return new Ctor(new SharedArrayBuffer(length * Ctor.BYTES_PER_ELEMENT));
}

/** `a`'s contents in a new SharedArrayBuffer, as the same kind of typed array (`a` itself if already shared). */
export function toShared<T extends TypedArray>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const Ctor = a.constructor as TypedArrayOf<T>;
  const out = new Ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}
