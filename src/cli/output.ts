/**
 * Standard output for commands that print many short lines (`lookalikes`: ~2,000 rows per domain).
 * Each `process.stdout.write` costs ~20 µs CPU in Node's stream machinery even to /dev/null, which
 * for 2,000 rows was more than generating them; lines are therefore gathered and written in chunks
 * of about 64 KB, in order, so large outputs still stream. Call `flush()` before returning.
 */
const CHUNK = 1 << 16;

export interface LineWriter {
  readonly write: (s: string) => void;
  readonly flush: () => void;
}

export function bufferedStdout(out: (s: string) => unknown = (s) => process.stdout.write(s)): LineWriter {
  let parts: string[] = [];
  let size = 0;
  const flush = () => {
    if (parts.length === 0) return;
    out(parts.join(''));
    parts = [];
    size = 0;
  };
  return {
    write(s) {
      parts.push(s);
      size += s.length;
      if (size >= CHUNK) flush();
    },
    flush,
  };
}
