/**
 * A one-line progress display on stderr for the CLI: drawn only when the stream is a TTY (pipes and
 * CI logs get nothing), redrawn at most ten times a second, erased when done.
 */

export interface Progress {
  update(label: string, done: number, total?: number): void;
  done(): void;
}

interface TtyLike {
  isTTY?: boolean;
  columns?: number;
  write(s: string): boolean;
}

export function createProgress(stream: TtyLike = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  let last = 0;
  let drawn = false;
  return {
    update(label, done, total) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      let line: string;
      if (total !== undefined && total > 0) {
        const f = Math.min(1, done / total);
        const width = 24;
        const filled = Math.round(f * width);
        line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(f * 100)}%`;
      } else {
        line = `${label} ${done.toLocaleString('en-US')}`;
      }
      const cols = stream.columns ?? 80;
      stream.write(`\r${line.slice(0, cols - 1).padEnd(Math.min(cols - 1, 60))}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write(`\r${' '.repeat(Math.min((stream.columns ?? 80) - 1, 60))}\r`);
      drawn = false;
    },
  };
}
