import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkTimestamps } from './timestamp-rules.js';

/**
 * The regular-expression and `Date` check that rules.ts used before it read timestamps by character
 * code: kept here as the oracle the faster reader must agree with, verdict for verdict.
 */
function oracle(prop: string, value: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z$/.exec(value);
  if (!m) return `${prop}: "${value}" is not an RFC 3339 timestamp in UTC ending in Z`;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59)));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 60)
    return `${prop}: "${value}" is not a real date and time`;
  return undefined;
}

describe('timestamp rules', () => {
  it('agree with the regular-expression and Date check on edge dates and mutated strings', () => {
    let seed = 7;
    // A seeded linear congruential generator: the same strings every run.
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    const years = [0, 4, 99, 100, 1900, 1999, 2000, 2004, 2023, 2024, 2100, 9999];
    const fractions = ['', '.0', '.123', '.123456789', '.', '.12a', '.1234567890123456789012345'];
    const mutations: ((s: string) => string)[] = [
      (s) => s,
      (s) => s.replace('Z', 'z'),
      (s) => s.replace('Z', '+00:00'),
      (s) => s.replace('T', ' '),
      (s) => s.slice(0, -1),
      (s) => `${s}Z`,
      (s) => ` ${s}`,
      (s) => s.replace('-', '/'),
      (s) => s.replace(':', '-'),
      (s) => s.replace(/\d/, 'x'),
      (s) => s.replace(/\d/, '\u0661'), // Arabic-Indic one: not an ASCII digit
      (s) => s.slice(1),
    ];
    let checked = 0;
    for (let i = 0; i < 20_000; i++) {
      const base =
        `${pad(pick(years), 4)}-${pad(Math.floor(random() * 14), 2)}-${pad(Math.floor(random() * 33), 2)}` +
        `T${pad(pick([0, 12, 23, 24, 99]), 2)}:${pad(pick([0, 30, 59, 60]), 2)}:${pad(pick([0, 59, 60, 61]), 2)}` +
        `${pick(fractions)}Z`;
      const value = pick(mutations)(base);
      const expected = oracle('valid_from', value);
      const got = checkTimestamps({ type: 'indicator', valid_from: value });
      assert.deepEqual(got, expected === undefined ? [] : [expected], value);
      checked++;
    }
    assert.equal(checked, 20_000);
    for (const [value, ok] of [
      ['2024-02-29T00:00:00Z', true],
      ['2023-02-29T00:00:00Z', false],
      ['1900-02-29T00:00:00Z', false],
      ['2000-02-29T00:00:00.5Z', true],
      ['0004-02-29T00:00:00Z', true],
      ['2016-12-31T23:59:60Z', true],
      ['2016-12-31T23:59:61Z', false],
      ['2016-12-31T24:00:00Z', false],
    ] as const)
      assert.equal(checkTimestamps({ type: 'indicator', valid_from: value }).length === 0, ok, value);
  });

  it('orders only timestamps that are valid, and reports each bad one once', () => {
    assert.deepEqual(
      checkTimestamps({ type: 'indicator', created: 'yesterday', modified: '2020-01-01T00:00:00.000Z' }),
      ['created: "yesterday" is not an RFC 3339 timestamp in UTC ending in Z'],
    );
    assert.deepEqual(
      checkTimestamps({
        type: 'indicator',
        created: '2020-01-01T00:00:00.000Z',
        modified: '2019-12-31T23:59:59.999Z',
        valid_from: '2020-01-02T00:00:00Z',
        valid_until: '2020-01-02T00:00:00Z',
      }),
      [
        'modified: 2019-12-31T23:59:59.999Z must be at or after created 2020-01-01T00:00:00.000Z',
        'valid_until: 2020-01-02T00:00:00Z must be later than valid_from 2020-01-02T00:00:00Z',
      ],
    );
    // Errors follow the order of the timestamp names, not of the object's keys.
    assert.deepEqual(
      checkTimestamps({ type: 'indicator', valid_from: 'later', modified: 'now', created: 'then' }),
      ['created', 'modified', 'valid_from'].map(
        (p) =>
          `${p}: ${JSON.stringify(p === 'created' ? 'then' : p === 'modified' ? 'now' : 'later')} is not an RFC 3339 timestamp in UTC ending in Z`,
      ),
    );
    // Custom types: only created/modified are timestamps, and only they are ordered.
    assert.deepEqual(
      checkTimestamps({
        type: 'x-widget',
        created: '2020-01-02T00:00:00.000Z',
        modified: '2020-01-01T00:00:00.000Z',
        start: 'soon',
        end: 'later',
      }),
      ['modified: 2020-01-01T00:00:00.000Z must be at or after created 2020-01-02T00:00:00.000Z'],
    );
  });
});
