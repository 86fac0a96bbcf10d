import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TickCadence } from './tick-cadence.js';

describe('TickCadence', () => {
  it('keeps detection to its share of the wall clock', () => {
    const c = new TickCadence(0.25);
    assert.equal(c.due(0), true, 'the first boundary is detected');
    c.ran(0, 100);
    // 100 ms of detection at a 25 % share: ingest gets the next 300 ms.
    assert.equal(c.due(150), false);
    assert.equal(c.due(399), false);
    assert.equal(c.due(400), true);
    assert.equal(c.deferred, 2);
  });

  it('detects every boundary of a live stream whose ticks are cheap', () => {
    const c = new TickCadence(0.5);
    for (let t = 0; t < 100_000; t += 10_000) {
      assert.equal(c.due(t), true, `boundary at ${t} ms`);
      c.ran(t, t + 800);
    }
    assert.equal(c.deferred, 0);
  });

  it('with share 1 detects every boundary however long ticks take', () => {
    const c = new TickCadence(1);
    c.ran(0, 10_000);
    assert.equal(c.due(10_001), true);
    assert.equal(c.deferred, 0);
  });

  it('refuses a share outside (0, 1], naming the option', () => {
    for (const share of [0, -1, 1.5, Number.NaN])
      assert.throws(() => new TickCadence(share), /--detect-share|share must be in \(0, 1\]/);
  });
});
