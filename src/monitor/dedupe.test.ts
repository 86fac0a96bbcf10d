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
    assert.deepEqual(d.mark(), { pos: 5, keys: ['x', 'y', 'w'] });
  });

  it('keeps every key at the high-water position, one or many, and merges a saved mark at it', () => {
    const d = new Dedupe();
    assert.equal(d.accept(7, 'a'), true);
    d.merge({ pos: 7, keys: ['a', 'b'] });
    assert.deepEqual(d.mark(), { pos: 7, keys: ['a', 'b'] });
    assert.equal(d.accept(7, 'b'), false);
    assert.equal(d.accept(7, 'c'), true);
    assert.equal(d.accept(7, 'c'), false);
    d.merge({ pos: 6, keys: ['z'] });
    assert.deepEqual(d.mark(), { pos: 7, keys: ['a', 'b', 'c'] });
    d.merge({ pos: 8, keys: ['q'] });
    assert.equal(d.accept(8, 'q'), false);
    assert.equal(d.accept(8, 'a'), true);
    assert.deepEqual(d.mark(), { pos: 8, keys: ['q', 'a'] });
    assert.equal(new Dedupe().mark(), undefined);
  });
});
