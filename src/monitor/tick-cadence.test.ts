import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TickCadence } from './tick-cadence.js';

describe('TickCadence', () => {
  it('keeps detection to its share of the wall clock', () => {
    const c = new TickCadence(0.25, 7200);
    assert.equal(c.due(60, 0), true, 'the first boundary is detected');
    c.ran(0, 100);
    // 100 ms of detection at a 25 % share: ingest gets the next 300 ms.
    assert.equal(c.due(120, 150), false);
    assert.equal(c.due(180, 399), false);
    assert.equal(c.due(240, 400), true);
    assert.equal(c.deferred, 2);
  });

  it('detects every boundary of a live stream whose ticks are cheap', () => {
    const c = new TickCadence(0.5, 7200);
    for (let t = 0; t < 100_000; t += 10_000) {
      assert.equal(c.due(t / 1000, t), true, `boundary at ${t} ms`);
      c.ran(t, t + 800);
    }
    assert.equal(c.deferred, 0);
  });

  it('with share 1 detects every boundary however long ticks take', () => {
    const c = new TickCadence(1, 7200);
    c.ran(0, 10_000);
    assert.equal(c.due(60, 10_001), true);
    assert.equal(c.deferred, 0);
  });

  it("starts the next tick's window a window before the first folded boundary", () => {
    const W = 3600;
    const c = new TickCadence(0.5, W);
    assert.equal(c.windowStart(600, W), 600 - W, 'nothing folded: (T − W, T]');
    c.ran(0, 1000);
    assert.equal(c.due(660, 1100), false);
    assert.equal(c.due(720, 1200), false);
    // The tick at 780 reads (660 − W, 780]: the windows of 660 and 720 are inside it.
    assert.equal(c.due(780, 2000), true);
    assert.equal(c.windowStart(780, W), 660 - W);
    c.ran(2000, 2100);
    assert.equal(c.windowStart(840, W), 840 - W, 'a tick that ran held every folded window');
  });

  it('runs a tick whatever the share once folded boundaries span a quarter window', () => {
    const W = 3600;
    const c = new TickCadence(0.5, W);
    c.ran(0, 1_000_000);
    for (let T = 60; T < 60 + W / 4; T += 60) assert.equal(c.due(T, 1_000_001), false, `${T} folded`);
    assert.equal(c.due(60 + W / 4, 1_000_001), true, 'a tick reads at most 1.25 windows');
    assert.equal(c.windowStart(60 + W / 4, W), 60 - W);
  });

  it('refuses a share outside (0, 1], naming the option', () => {
    for (const share of [0, -1, 1.5, Number.NaN])
      assert.throws(() => new TickCadence(share), /--detect-share|share must be in \(0, 1\]/);
  });
});
