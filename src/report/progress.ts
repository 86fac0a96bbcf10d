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

/**
 * `--progress lines`: one line per stage on stderr, for logs and pipes (a batch job's data engineer
 * reads them afterwards): the time since the run began, the stage, its count, and the process's
 * resident memory. A stage that reports counts (reading posts) gets a line when it starts and then at
 * most one every `everyMs`.
 */
export function createStageLog(
  stream: Pick<TtyLike, 'write'> = process.stderr,
  options: { everyMs?: number; now?: () => number; rss?: () => number } = {},
): Progress {
  const now = options.now ?? (() => performance.now());
  const rss = options.rss ?? (() => process.memoryUsage.rss());
  const everyMs = options.everyMs ?? 10_000;
  const start = now();
  let label: string | undefined;
  let last = -Infinity;
  const line = (text: string): void => {
    const t = now();
    last = t;
    const gb = (rss() / 2 ** 30).toFixed(2);
    stream.write(`lockstep: [${((t - start) / 1000).toFixed(1).padStart(7)} s, ${gb} GB] ${text}\n`);
  };
  return {
    update(next, done, total) {
      if (next === label && now() - last < everyMs) return;
      label = next;
      const count =
        total !== undefined && total > 0
          ? ` (${done} of ${total})`
          : done > 0
            ? ` ${done.toLocaleString('en-US')}`
            : '';
      line(`${next}${count}`);
    },
    done() {
      line('done');
    },
  };
}
