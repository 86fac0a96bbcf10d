import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { duration } from './duration.js';

describe('duration', () => {
  it('says seconds, minutes, hours and days at their boundaries', () => {
    assert.deepEqual([0, 42, 59.6, 60, 90, 3599, 3600, 7260, 86399, 90000, -5].map(duration), [
      '0 s',
      '42 s',
      '1 min 0 s',
      '1 min 0 s',
      '1 min 30 s',
      '59 min 59 s',
      '1 h 0 min',
      '2 h 1 min',
      '23 h 59 min',
      '1 d 1 h',
      '0 s',
    ]);
  });
});
