import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ActivityCollector } from './activity.js';
import { T0, post } from './test-factories.js';

describe('ActivityCollector', () => {
  it('counts posts, reposts, replies and URL posts per account', () => {
    const c = new ActivityCollector();
    c.add(post('a', T0, { isRepost: true }));
    c.add(post('a', T0 + 10, { replyTo: '1', urls: ['https://x.y/'] }));
    c.add(post('a', T0 + 20, { replyToAccount: 'b' }));
    c.add(post('b', T0 + 5));
    const a = c.get('a')!;
    assert.deepEqual([a.posts, a.reposts, a.replies, a.withUrl], [3, 1, 2, 1]);
    assert.equal(c.get('b')!.posts, 1);
    assert.equal(c.get('nobody'), undefined);
    assert.equal(c.size, 2);
    assert.deepEqual([...c.accounts()].map((x) => x.account).sort(), ['a', 'b']);
  });

  it('stores times sorted even when posts arrive out of order, past the first growth', () => {
    const c = new ActivityCollector();
    const times = Array.from({ length: 100 }, (_, i) => T0 + ((i * 37) % 100) * 60);
    for (const t of times) c.add(post('a', t));
    const a = c.get('a')!;
    assert.equal(a.times.length, 100);
    assert.deepEqual(
      Array.from(a.times),
      [...times].sort((x, y) => x - y),
    );
  });

  it('fills the UTC hour-of-day histogram', () => {
    const c = new ActivityCollector();
    c.add(post('a', T0 + 3 * 3600 + 59)); // 03:00:59
    c.add(post('a', T0 + 86400 + 3 * 3600)); // next day 03:00
    c.add(post('a', T0 + 23 * 3600 + 3599)); // 23:59:59
    const h = c.get('a')!.hours;
    assert.equal(h[3], 2);
    assert.equal(h[23], 1);
    assert.equal(
      h.reduce((s, x) => s + x, 0),
      3,
    );
  });

  it('keeps the profile and screen name of the latest post', () => {
    const c = new ActivityCollector();
    c.add(post('a', T0 + 100, { profile: { screenName: 'new_name', followers: 20 } }));
    c.add(post('a', T0, { profile: { screenName: 'old_name', followers: 10 } }));
    const a = c.get('a')!;
    assert.equal(a.screenName, 'new_name');
    assert.equal(a.profile?.followers, 20);
  });

  it('reflects posts added after a read', () => {
    const c = new ActivityCollector();
    c.add(post('a', T0));
    assert.equal(c.get('a')!.posts, 1);
    c.add(post('a', T0 - 50));
    const a = c.get('a')!;
    assert.equal(a.posts, 2);
    assert.equal(a.times[0], T0 - 50);
  });
});
