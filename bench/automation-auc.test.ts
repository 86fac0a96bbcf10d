import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { brier, isAutomated, plattFit, rocAuc } from './automation-auc.js';

describe('automation-auc bench helpers', () => {
  it('rocAuc: perfect, reversed, ties at one half, and the Mann–Whitney count by hand', () => {
    assert.equal(rocAuc([0.1, 0.2, 0.8, 0.9], [false, false, true, true]), 1);
    assert.equal(rocAuc([0.9, 0.8, 0.2, 0.1], [false, false, true, true]), 0);
    assert.equal(rocAuc([0.5, 0.5, 0.5, 0.5], [false, true, false, true]), 0.5);
    // Pairs (pos, neg): (0.7 vs 0.3 ✓, 0.7 vs 0.7 ½, 0.2 vs 0.3 ✗, 0.2 vs 0.7 ✗) → 1.5 / 4.
    assert.equal(rocAuc([0.7, 0.2, 0.3, 0.7], [true, true, false, false]), 0.375);
    assert.ok(Number.isNaN(rocAuc([0.1, 0.2], [true, true])), 'undefined without both classes');
  });

  it('brier: squared error of the probabilities', () => {
    assert.equal(brier([1, 0], [true, false]), 0);
    assert.equal(brier([0.5, 0.5], [true, false]), 0.25);
  });

  it('plattFit recovers the slope and intercept that generated the labels', () => {
    let s = 7;
    const next = (): number => {
      s = (s * 48271) % 2147483647;
      return s / 2147483647;
    };
    const x: number[] = [];
    const y: boolean[] = [];
    for (let i = 0; i < 20000; i++) {
      const xi = -4 + 8 * next();
      x.push(xi);
      y.push(next() < 1 / (1 + Math.exp(-(0.6 * xi - 1.5))));
    }
    const { a, b } = plattFit(x, y);
    assert.ok(Math.abs(a - 0.6) < 0.05, `a ${a}`);
    assert.ok(Math.abs(b + 1.5) < 0.1, `b ${b}`);
  });

  it('labels: campaign members and any kind naming a bot are automated, other kinds human', () => {
    const t = (campaign: string | null, kind: string | null) =>
      ({ account: 'a', screenName: '', campaign, kind }) as Parameters<typeof isAutomated>[0];
    assert.equal(isAutomated(t('C1', 'retweet-ring')), true);
    assert.equal(isAutomated(t(null, 'news-bot')), true);
    assert.equal(isAutomated(t(null, 'feed-bot')), true);
    assert.equal(isAutomated(t(null, 'organic-burst')), false);
    assert.equal(isAutomated(t(null, null)), false);
  });
});
