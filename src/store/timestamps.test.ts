import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dateAddedKey, isTimestamp, nowTimestamp, nowTimestamps, versionKey } from './timestamps.js';
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
  it('issues batches that continue one another and stay close to the clock', () => {
    const a = nowTimestamps(2500);
    const b = nowTimestamps(3);
    const all = [...a, ...b, nowTimestamp()];
    for (let i = 1; i < all.length; i++) assert.ok(all[i - 1]! < all[i]!, `${all[i - 1]!} < ${all[i]!}`);
    for (const t of all) {
      assert.match(t, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      // Each is a real instant within a second of now (a batch runs ahead by one microsecond per item).
      assert.ok(Math.abs(Date.parse(t) - Date.now()) < 1000, t);
    }
  });
  it('formats the second anew when a batch crosses into the next second', (t) => {
    // Two seconds ahead of the clock so the module's "never go back" state moves forward only a little.
    const boundary = (Math.floor(Date.now() / 1000) + 2) * 1000;
    t.mock.timers.enable({ apis: ['Date'], now: boundary - 1 });
    const xs = nowTimestamps(2000);
    t.mock.timers.reset();
    assert.ok(xs.every((x, i) => i === 0 || xs[i - 1]! < x));
    assert.equal(xs[999], `${new Date(boundary - 1000).toISOString().slice(0, 19)}.999999Z`);
    assert.equal(xs[1000], `${new Date(boundary).toISOString().slice(0, 19)}.000000Z`);
    assert.equal(Date.parse(xs[1999]!), boundary + 0);
  });
  it('round-trips cursors', () => {
    const k = { dateAdded: '2024-05-01T10:00:00.000001Z', id: 'indicator--x', versionKey: '' };
    assert.deepEqual(decodeCursor(encodeCursor(k)), k);
  });
});
