import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dateAddedKey, isTimestamp, nowTimestamp, versionKey } from './timestamps.js';
import { decodeCursor, encodeCursor } from './cursor.js';

describe('store timestamps and cursors', () => {
  it('gives equal instants of different precision one fixed-width key that sorts by time', () => {
    assert.equal(versionKey('2024-05-01T10:00:00Z'), versionKey('2024-05-01T10:00:00.000Z'));
    assert.equal(versionKey('2024-05-01T10:00:00.1Z'), '2024-05-01T10:00:00.100000000Z');
    assert.ok(versionKey('2024-05-01T10:00:00.09Z')! < versionKey('2024-05-01T10:00:00.1Z')!);
    assert.equal(dateAddedKey('2024-05-01T10:00:00.1234567Z'), '2024-05-01T10:00:00.123456Z');
    for (const bad of [
      '2024-05-01',
      '2024-05-01T10:00:00',
      '2024-13-01T10:00:00Z',
      '2024-05-01T10:00:00+02:00',
      'x',
    ])
      assert.equal(isTimestamp(bad), false, bad);
  });
  it('issues strictly increasing microsecond timestamps', () => {
    const xs = Array.from({ length: 1000 }, () => nowTimestamp());
    for (let i = 1; i < xs.length; i++) assert.ok(xs[i - 1]! < xs[i]!, `${xs[i - 1]!} < ${xs[i]!}`);
    assert.match(xs[0]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });
  it('round-trips cursors', () => {
    const k = { dateAdded: '2024-05-01T10:00:00.000001Z', id: 'indicator--x', versionKey: '' };
    assert.deepEqual(decodeCursor(encodeCursor(k)), k);
  });
});
