/**
 * Explicit bounds on posted JSON (docs/EXCHANGE.md, Limits). Without them a custom property nested
 * 10,000 levels made `JSON.stringify` throw a RangeError and the whole envelope failed with a 500, and
 * a property nested 1,000 levels was stored and then broke Python's `json` in the OASIS client
 * (recursion limit ~1,000) on every page that held it.
 *
 * - {@link MAX_OBJECT_DEPTH}: an object may nest 64 levels (the object itself is level 1). Real STIX
 *   objects stay under 10 (extensions → extension → property → list → item); 64 leaves room for
 *   custom properties and stays far from any reader's recursion limit.
 * - {@link MAX_OBJECT_BYTES}: one object may take 4 MiB of JSON. A report referring to 50,000 objects
 *   is ~3.5 MiB; an API root's `max_content_length` still bounds the envelope.
 * - {@link MAX_BODY_DEPTH}: a body nesting deeper than 100,000 levels is refused whole before parsing
 *   (a 10 MiB body of `[` would otherwise hold the event loop ~7 s in `JSON.parse`); shallower deep
 *   objects parse in milliseconds and become per-object failures.
 *
 * Each check walks the value once without recursion: O(size), O(depth) memory.
 */

export const MAX_OBJECT_DEPTH = 64;
export const MAX_OBJECT_BYTES = 4 * 1024 * 1024;
export const MAX_BODY_DEPTH = 100_000;

/**
 * Why `value` breaks the limits, or undefined. Sizes are the length of `JSON.stringify(value)` up to
 * escapes (strings count their length plus quotes), which is what the store would keep.
 * `leaves` marks arrays whose elements are not entered (the envelope's `objects`: checked one by one).
 */
export function jsonLimitError(
  value: unknown,
  maxDepth = MAX_OBJECT_DEPTH,
  maxBytes = MAX_OBJECT_BYTES,
  leaves?: ReadonlySet<unknown>,
): string | undefined {
  const stack: [unknown, number][] = [[value, 1]];
  let bytes = 0;
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v === 'string') bytes += v.length + 2;
    else if (typeof v === 'number' || typeof v === 'boolean') bytes += String(v).length;
    else if (v === null) bytes += 4;
    else if (typeof v === 'object') {
      if (depth > maxDepth) return `it nests deeper than ${maxDepth} levels (the limit)`;
      bytes += 2;
      if (leaves?.has(v)) continue;
      if (Array.isArray(v)) {
        for (const x of v as unknown[]) {
          bytes += 1;
          stack.push([x, depth + 1]);
        }
      } else {
        for (const [k, x] of Object.entries(v)) {
          bytes += k.length + 4;
          stack.push([x, depth + 1]);
        }
      }
    }
    if (bytes > maxBytes) return `it takes more than ${maxBytes} bytes of JSON (the limit)`;
  }
  return undefined;
}

/** Deepest bracket nesting of JSON text, read outside strings; stops counting past `cap`. */
export function textDepth(text: string, cap = MAX_BODY_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max && (max = depth) > cap) return max;
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}
