import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TurnQueue } from './turns.js';

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('TurnQueue', () => {
  it('starts jobs in arrival order and returns their results', async () => {
    const q = new TurnQueue();
    const order: number[] = [];
    const results = await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        q.run(() => {
          order.push(i);
          return Promise.resolve(i * 10);
        }),
      ),
    );
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
    assert.deepEqual(results, [0, 10, 20, 30, 40]);
  });

  it('gives the event loop a turn between two jobs', async () => {
    const q = new TurnQueue();
    const order: string[] = [];
    const first = q.run(() => {
      order.push('job 1');
      // Work the event loop has queued meanwhile (here: an immediate) runs before the next job.
      setImmediate(() => order.push('other work'));
      return Promise.resolve();
    });
    const second = q.run(() => {
      order.push('job 2');
      return Promise.resolve();
    });
    await Promise.all([first, second]);
    assert.deepEqual(order, ['job 1', 'other work', 'job 2']);
  });

  it('never runs more jobs at once than its concurrency', async () => {
    const q = new TurnQueue(3);
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 12 }, () =>
        q.run(async () => {
          running++;
          most = Math.max(most, running);
          // Longer than the one turn between starts, so jobs overlap up to the limit.
          for (let t = 0; t < 6; t++) await tick();
          running--;
        }),
      ),
    );
    assert.equal(most, 3);
    assert.equal(q.waiting, 0);
  });

  it('passes a failure to its caller and keeps serving the others', async () => {
    const q = new TurnQueue();
    const bad = q.run(() => Promise.reject(new Error('boom')));
    const thrown = q.run(() => {
      throw new Error('sync boom');
    });
    const good = q.run(() => Promise.resolve('fine'));
    await assert.rejects(bad, /boom/);
    await assert.rejects(thrown, /sync boom/);
    assert.equal(await good, 'fine');
  });

  it('rejects a concurrency that is not a positive integer', () => {
    for (const c of [0, -1, 1.5, Number.NaN]) assert.throws(() => new TurnQueue(c), RangeError);
  });
});
