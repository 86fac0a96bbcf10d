import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Interner } from './intern.js';

describe('Interner', () => {
  it('numbers appended strings in order and finds them by string afterwards', () => {
    const i = new Interner();
    assert.equal(i.append('a'), 0);
    assert.equal(i.append('b'), 1);
    // The index catches up at the first look-up, then stays in step with ids and appends.
    assert.equal(i.get('b'), 1);
    assert.equal(i.id('a'), 0);
    assert.equal(i.id('c'), 2);
    assert.equal(i.append('d'), 3);
    assert.equal(i.id('d'), 3);
    assert.equal(i.get('e'), -1);
    assert.equal(i.id('e'), 4);
    assert.deepEqual(i.strings, ['a', 'b', 'c', 'd', 'e']);
  });

  it('indexes strings given at construction on the first look-up', () => {
    const i = Interner.of(['x', 'y']);
    assert.equal(i.get('y'), 1);
    assert.equal(i.id('z'), 2);
    assert.equal(i.size, 3);
    assert.throws(() => i.str(3), RangeError);
  });
});
