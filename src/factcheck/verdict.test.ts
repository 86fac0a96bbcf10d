import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDebunked, verdictOf } from './verdict.js';

describe('factcheck verdict', () => {
  it('reads a numeric scale first, where the rating gives one', () => {
    assert.equal(verdictOf({ text: 'True', value: 1, best: 5, worst: 1 }), 'false');
    assert.equal(verdictOf({ value: 2, best: 5, worst: 1 }), 'misleading');
    assert.equal(verdictOf({ value: 3, best: 5, worst: 1 }), 'mixed');
    assert.equal(verdictOf({ value: 5, best: 5, worst: 1 }), 'true');
    assert.equal(
      verdictOf({ text: 'Faux', value: 9, best: 5, worst: 1 }),
      'false',
      'off-scale value: the words decide',
    );
  });
  it('reads the words in several languages, longest meaning first', () => {
    const cases: [string, string][] = [
      ['False', 'false'],
      ['Pants on Fire!', 'false'],
      ['Not true', 'false'],
      ['Incorrect', 'false'],
      ['Correct', 'true'],
      ['Mostly false', 'misleading'],
      ['Engañoso', 'misleading'],
      ['Irreführend', 'misleading'],
      ['Half true', 'mixed'],
      ['Partly false', 'mixed'],
      ['Falsch', 'false'],
      ['FAUX', 'false'],
      ['Satire', 'unknown'],
    ];
    for (const [text, v] of cases) assert.equal(verdictOf({ text }), v, text);
    assert.equal(verdictOf(undefined), 'unknown');
  });
  it('counts false and misleading as debunked', () => {
    assert.deepEqual((['false', 'misleading', 'mixed', 'true', 'unknown'] as const).map(isDebunked), [
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
