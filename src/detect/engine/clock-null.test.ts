import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seededRng } from './cluster.js';
import { clockPi, findClock, MIN_POSTS } from './clock-null.js';

const T0 = Date.UTC(2024, 2, 4) / 1000;

describe('clock-driven accounts (Zhang & Paxson 2011)', () => {
  it('finds a feed poller’s period and phase, and no clock in people’s times', () => {
    const rnd = seededRng(3);
    // A 600-second poller at phase 130 s picking up 200 items, posting 0–20 s after its tick.
    const poller = Array.from({ length: 200 }, () => {
      const u = T0 + rnd() * 14 * 86400;
      return 130 + Math.ceil((u - 130) / 600) * 600 + rnd() * 20;
    });
    const c = findClock(poller);
    assert.equal(c?.period, 600, 'the largest locked period, not a divisor (300) or a multiple');
    assert.ok(Math.abs(c.phase - 140) <= 30, `phase ${c.phase}`);
    const person = Array.from({ length: 500 }, () => T0 + rnd() * 14 * 86400);
    assert.equal(findClock(person), undefined);
    assert.equal(findClock(poller.slice(0, MIN_POSTS - 1)), undefined, 'too few posts to show a clock');
  });

  it('gives the share of lags the clocks alone explain', () => {
    const a = { period: 600, phase: 100 };
    // Same period: the lag is the phase difference (or it minus the period) — one stretch holds most.
    assert.ok(clockPi(a, { period: 600, phase: 160 }, 60) >= 0.85);
    // One clocked at 900 s: no ± 60 s stretch can be expected to hold more than 120 / 900.
    assert.equal(clockPi(undefined, { period: 900, phase: 0 }, 60), 120 / 900);
    assert.equal(clockPi(undefined, undefined, 60), 0);
    // A 300-second and a 1,800-second clock: lags on a 300-second grid, about one in six at each.
    const mixed = clockPi({ period: 300, phase: 10 }, { period: 1800, phase: 1000 }, 60);
    assert.ok(mixed > 0.1 && mixed < 0.5, `${mixed}`);
  });
});
