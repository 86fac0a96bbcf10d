import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { post } from '../detect/signals/test-factories.js';
import { Watchlist, type SpikeAlert } from './watchlist.js';

const at = () => '2026-12-05T00:00:00.000Z';

describe('Watchlist', () => {
  const lists = {
    election: {
      accounts: ['did:plc:watched'],
      hashtags: ['#Vote'],
      domains: ['news.example'],
      urls: [],
      keywords: ['ballot box'],
    },
  };

  it('alerts when a watched hashtag surges against its own baseline, and not at its usual rate', () => {
    const w = new Watchlist(lists);
    const spikes: SpikeAlert[] = [];
    // Two hours at two uses a minute: the usual rate.
    for (let m = 0; m < 120; m++)
      for (let k = 0; k < 2; k++)
        spikes.push(...w.add(post(`did:plc:a${k}`, m * 60 + k * 10, { hashtags: ['vote'] }), at));
    assert.equal(spikes.length, 0, 'a steady rate is no burst');
    // Then 30 uses in one minute.
    for (let k = 0; k < 30; k++)
      spikes.push(...w.add(post(`did:plc:b${k}`, 120 * 60 + k, { hashtags: ['VOTE'] }), at));
    spikes.push(...w.advance(121 * 60, at));
    assert.equal(spikes.length, 1);
    const s = spikes[0]!;
    assert.deepEqual([s.list, s.item, s.count], ['election', { type: 'hashtag', value: 'vote' }, 30]);
    // Two hours at two a minute with a one-hour half-life from zero: 2 · (1 − 2^−2) = 1.5.
    assert.ok(Math.abs(s.expected - 1.5) < 0.01, `baseline 1.5 a minute (${s.expected})`);
    assert.ok(s.p_value <= 1e-6 && s.surprise >= 6);
    assert.equal(s.bin.start, new Date(120 * 60 * 1000).toISOString());
  });

  it('matches accounts, domains and keywords, and a never-seen item can surge; fewer than minCount cannot', () => {
    const w = new Watchlist(lists);
    const spikes: SpikeAlert[] = [];
    for (let k = 0; k < 6; k++) {
      spikes.push(...w.add(post('did:plc:watched', k), at));
      spikes.push(...w.add(post(`did:plc:x${k}`, k, { domains: ['news.example'] }), at));
      spikes.push(...w.add(post(`did:plc:y${k}`, k, { text: 'Stuff the BALLOT BOX now' }), at));
    }
    for (let k = 0; k < 4; k++) spikes.push(...w.add(post(`did:plc:z${k}`, k, { hashtags: ['vote'] }), at));
    spikes.push(...w.advance(60, at));
    assert.deepEqual(spikes.map((s) => s.item.type).sort(), ['account', 'domain', 'keyword']);
    assert.deepEqual(w.watched(['did:plc:other', 'did:plc:watched']), [
      { account: 'did:plc:watched', lists: ['election'] },
    ]);
  });

  it('reads a file and names the file and field of a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'watch-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ lists: { a: { hashtags: ['x'] } } }));
    assert.equal(Watchlist.read(good).size, 1);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ lists: { a: { hashtags: 'x' } } }));
    assert.throws(
      () => Watchlist.read(bad),
      (e: Error) => e.message.includes('bad.json: lists.a.hashtags'),
    );
    writeFileSync(bad, JSON.stringify({ lists: { a: { handles: ['x'] } } }));
    assert.throws(() => Watchlist.read(bad), /bad\.json: lists\.a/);
    writeFileSync(bad, '{');
    assert.throws(() => Watchlist.read(bad), /bad\.json: /);
  });
});
