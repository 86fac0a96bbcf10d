import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  daysFromCivil,
  isoTimeOfBytes,
  parseAutoTime,
  parseIsoTime,
  parseMdyTime,
  parseTwitterTime,
  parseUnixTime,
  timeParser,
} from './time.js';

const utc = (...a: [number, number, number, number?, number?, number?]): number =>
  Date.UTC(a[0], a[1] - 1, a[2], a[3] ?? 0, a[4] ?? 0, a[5] ?? 0) / 1000;

describe('time parsers', () => {
  it('daysFromCivil agrees with Date.UTC over four centuries of month starts', () => {
    for (let y = 1800; y <= 2200; y += 7) {
      for (let m = 1; m <= 12; m++) assert.equal(daysFromCivil(y, m, 1) * 86400, utc(y, m, 1), `${y}-${m}`);
    }
  });

  it('parses the IO archive and ISO forms', () => {
    assert.equal(parseIsoTime('2018-10-10 20:19'), utc(2018, 10, 10, 20, 19));
    assert.equal(parseIsoTime('2018-10-10'), utc(2018, 10, 10));
    assert.equal(parseIsoTime('2021-01-17T10:00:00.000Z'), utc(2021, 1, 17, 10));
    assert.equal(parseIsoTime('2021-01-17T10:00:00.250Z'), utc(2021, 1, 17, 10) + 0.25);
    assert.equal(parseIsoTime('2021-01-17T10:03:00+03:00'), utc(2021, 1, 17, 7, 3));
    assert.equal(parseIsoTime('2021-01-17T10:03:00-0130'), utc(2021, 1, 17, 11, 33));
    assert.equal(parseIsoTime('2020-02-29 00:00'), utc(2020, 2, 29));
  });

  it('rejects impossible or malformed ISO times', () => {
    for (const s of [
      '2019-02-29 00:00',
      '2018-13-01',
      '2018-10-32',
      '2018-10-10 24:00',
      '2018-10-10 20:60',
      '2018/10/10',
      '2018-10-10 20:19 junk',
      '',
      'abcd-ef-gh',
    ])
      assert.ok(Number.isNaN(parseIsoTime(s)), s);
  });

  it('parses the IRA M/D/YYYY H:MM form', () => {
    assert.equal(parseMdyTime('10/1/2017 19:58'), utc(2017, 10, 1, 19, 58));
    assert.equal(parseMdyTime('1/2/2017 9:05'), utc(2017, 1, 2, 9, 5));
    assert.equal(parseMdyTime('12/30/2016 7:12:09'), utc(2016, 12, 30, 7, 12, 9));
    for (const s of ['2017-10-01 19:58', '13/1/2017 1:00', '1/2/17 9:05', '1/2/2017 9:5'])
      assert.ok(Number.isNaN(parseMdyTime(s)), s);
  });

  it('parses Twitter v1 created_at with its offset', () => {
    assert.equal(parseTwitterTime('Wed Oct 10 20:19:24 +0000 2018'), utc(2018, 10, 10, 20, 19, 24));
    assert.equal(parseTwitterTime('Wed Oct 10 21:00:00 -0500 2018'), utc(2018, 10, 11, 2));
    assert.ok(Number.isNaN(parseTwitterTime('Wed Foo 10 20:19:24 +0000 2018')));
  });

  it('auto tells seconds from milliseconds and falls through the text forms', () => {
    assert.equal(parseAutoTime('1600000000'), 1600000000);
    assert.equal(parseAutoTime('1600000000500'), 1600000000.5);
    assert.equal(parseAutoTime(' 2018-10-10 20:19 '), utc(2018, 10, 10, 20, 19));
    assert.equal(parseAutoTime('Wed Oct 10 20:19:24 +0000 2018'), utc(2018, 10, 10, 20, 19, 24));
    assert.equal(parseAutoTime('10/1/2017 19:58'), utc(2017, 10, 1, 19, 58));
    assert.ok(Number.isNaN(parseAutoTime('yesterday')));
    assert.equal(parseUnixTime('1600000030.5'), 1600000030.5);
    assert.ok(Number.isNaN(parseUnixTime('12abc')));
    assert.equal(timeParser('unix_ms')('1500'), 1.5);
  });
});

describe('isoTimeOfBytes', () => {
  it("equals parseIsoTime on tweet_time's shapes and leaves every other shape to it", () => {
    const cases = [
      '2024-03-04 00:00:08',
      '2024-03-04 23:59',
      '2024-03-04T12:34:56',
      '2024-03-04t12:34',
      '2024-02-29 10:00',
      '2023-02-29 10:00',
      '2024-13-01 00:00',
      '2024-04-31 00:00:00',
      '2024-03-04 24:00',
      '2024-03-04 12:60:00',
      '2024-03-04 12:00:60',
      '1969-12-31 23:59:59',
      '0000-01-01 00:00',
      '2024-03-04 00:00:0x',
      '2024-3-04 00:00:00',
      '2024-03-04_00:00',
      '2024-03-04 00:00+05',
      '2024-03-04 00:00:00Z',
      '2024-03-04 00:00:00.5',
      '2024-03-04',
      '',
    ];
    const defined: string[] = [];
    for (const s of cases) {
      const b = Buffer.from(`xx${s}yy`);
      const got = isoTimeOfBytes(b, 2, 2 + s.length);
      if (got === undefined) continue;
      defined.push(s);
      assert.ok(Object.is(got, parseIsoTime(s)), `${s}: ${got} vs ${parseIsoTime(s)}`);
    }
    assert.deepEqual(defined, cases.slice(0, 13), 'the shapes it reads itself');
  });
});
