import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Dedupe } from './dedupe.js';

describe('Dedupe', () => {
  it('accepts growing positions, drops replays below the mark and repeated keys at it', () => {
    const d = new Dedupe();
    assert.equal(d.accept(10, 'a'), true);
    assert.equal(d.accept(10, 'b'), true);
    assert.equal(d.accept(10, 'a'), false);
    assert.equal(d.accept(9, 'z'), false);
    assert.equal(d.accept(11, 'a'), true);
    assert.equal(d.duplicates, 2);
    assert.deepEqual(d.mark(), { pos: 11, keys: ['a'] });
  });

  it('resumes from a saved mark', () => {
    const d = new Dedupe({ pos: 5, keys: ['x', 'y'] });
    assert.equal(d.accept(5, 'x'), false);
    assert.equal(d.accept(5, 'w'), true);
    assert.equal(d.accept(4, 'q'), false);
  });
});
