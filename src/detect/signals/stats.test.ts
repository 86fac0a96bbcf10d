import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { binomialTail, cosine, median } from './stats.js';
import { handleShape, isAutoSuggestedHandle, trailingDigits } from './handle.js';

function choose(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

describe('stats', () => {
  it('binomialTail matches the direct sum', () => {
    for (const [n, p] of [
      [10, 0.3],
      [25, 0.01],
      [7, 0.9],
    ] as const) {
      for (let k = 0; k <= n + 1; k++) {
        let direct = 0;
        for (let i = k; i <= n; i++) direct += choose(n, i) * p ** i * (1 - p) ** (n - i);
        assert.ok(Math.abs(binomialTail(k, n, p) - Math.min(1, direct)) < 1e-9, `n=${n} p=${p} k=${k}`);
      }
    }
    assert.equal(binomialTail(3, 5, 0), 0);
    assert.equal(binomialTail(3, 5, 1), 1);
  });

  it('median and cosine', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 2, 3]), 2.5);
    assert.ok(Number.isNaN(median([])));
    assert.equal(cosine([1, 0], [0, 1]), 0);
    assert.ok(Math.abs(cosine([1, 2], [2, 4]) - 1) < 1e-12);
    assert.equal(cosine([0, 0], [1, 1]), 0);
  });
});

describe('handles', () => {
  it('shapes, trailing digits and the auto-suggested form', () => {
    assert.equal(handleShape('Maria_Lopez12345678'), 'A_A99999999');
    assert.equal(handleShape('мария2024'), 'A9999');
    assert.equal(trailingDigits('abc123'), 3);
    assert.equal(trailingDigits('abc'), 0);
    assert.ok(isAutoSuggestedHandle('MariaLop12345678'));
    assert.ok(isAutoSuggestedHandle('мария12345678'));
    assert.ok(!isAutoSuggestedHandle('MariaLop1234567'));
    assert.ok(!isAutoSuggestedHandle('MariaLop123456789'));
    assert.ok(!isAutoSuggestedHandle('12345678'));
    assert.ok(!isAutoSuggestedHandle('maria_lopez'));
  });
});
