import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createProgress, createStageLog } from './progress.js';

function fakeStream(isTTY: boolean): {
  isTTY: boolean;
  columns: number;
  out: string[];
  write(s: string): boolean;
} {
  return {
    isTTY,
    columns: 80,
    out: [],
    write(s: string) {
      this.out.push(s);
      return true;
    },
  };
}

describe('progress', () => {
  it('draws a bar with a percentage on a TTY and erases it when done', () => {
    const s = fakeStream(true);
    const p = createProgress(s);
    p.update('co-actions', 3, 4);
    assert.match(s.out.join(''), /co-actions \[#{18}\.{6}\] 75%/);
    p.done();
    assert.match(s.out.at(-1)!, /^\r +\r$/);
  });

  it('shows a running count when the total is unknown', () => {
    const s = fakeStream(true);
    createProgress(s).update('reading posts', 1234567);
    assert.match(s.out.join(''), /reading posts 1,234,567/);
  });

  it('writes nothing when the stream is not a TTY', () => {
    const s = fakeStream(false);
    const p = createProgress(s);
    p.update('reading posts', 10);
    p.update('co-actions', 1, 2);
    p.done();
    assert.deepEqual(s.out, []);
  });

  it('writes one line per stage for logs, with time and memory, and counts at most every interval', () => {
    const s = fakeStream(false);
    let t = 0;
    const p = createStageLog(s, { everyMs: 1000, now: () => t, rss: () => 1.5 * 2 ** 30 });
    p.update('reading posts', 100);
    t = 500;
    p.update('reading posts', 200); // within the interval: no line
    t = 1500;
    p.update('reading posts', 300);
    p.update('duckdb: co-link: loading 10 actions', 0, 3);
    t = 2000;
    p.done();
    assert.deepEqual(s.out, [
      'lockstep: [    0.0 s, 1.50 GB] reading posts 100\n',
      'lockstep: [    1.5 s, 1.50 GB] reading posts 300\n',
      'lockstep: [    1.5 s, 1.50 GB] duckdb: co-link: loading 10 actions (0 of 3)\n',
      'lockstep: [    2.0 s, 1.50 GB] done\n',
    ]);
  });
});
