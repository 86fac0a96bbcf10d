import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Post } from '../../core/post.js';
import { frame, status } from '../test-helpers/mastodon-events.js';
import { decodeMastodonFrame, type MastodonDecoded } from './decode.js';

const HOST = 'm.example';
const T = 1_700_000_000;
const post = (d: MastodonDecoded): Post => {
  if (!d.ok) return assert.fail(d.reason);
  if (d.event.kind !== 'post') return assert.fail(`a ${d.event.kind} event, not a post`);
  return d.event.post;
};

describe('mastodon decode', () => {
  it('reads a status: text, tags, links, mentions, reply, media, profile, client', () => {
    const s = status({
      id: '111',
      acct: 'alice',
      time: T,
      html:
        '<p>Hi <span class="h-card"><a href="https://o.example/@bob" class="u-url mention">@<span>bob</span></a></span> ' +
        'see <a href="https://news.example/a?utm_source=x" rel="nofollow noopener">news.example/a</a> ' +
        '<a href="https://m.example/tags/Vote" class="mention hashtag" rel="tag">#<span>Vote</span></a></p>',
      tags: ['Vote'],
      mentions: [{ id: '77', acct: 'bob@o.example' }],
      inReplyTo: { id: '100', accountId: '77' },
      card: 'https://card.example/x',
      blurhashes: ['LEHV6nWB2yk8', 'LEHV6nWB2yk8'],
      spoiler: 'cw',
    });
    const p = post(decodeMastodonFrame(frame('update', s), HOST, 0));
    assert.equal(p.id, 'https://m.example/api/v1/statuses/111');
    assert.equal(p.account, 'alice@m.example');
    assert.equal(p.time, T);
    assert.equal(p.text, 'cw\nHi @bob see news.example/a #Vote');
    assert.equal(p.isRepost, false);
    assert.deepEqual(p.hashtags, ['vote']);
    assert.deepEqual(p.mentions, ['bob@o.example']);
    assert.equal(p.replyTo, 'https://m.example/api/v1/statuses/100');
    assert.equal(p.replyToAccount, 'bob@o.example');
    assert.equal(p.urls.length, 2);
    assert.ok(p.urls.some((u) => u.startsWith('https://news.example/a')));
    assert.deepEqual([...p.domains].sort(), ['card.example', 'news.example']);
    assert.deepEqual(p.images, ['blurhash:LEHV6nWB2yk8']);
    assert.equal(p.lang, 'en');
    assert.equal(p.client, 'Web');
    assert.equal(p.platform, 'mastodon');
    assert.equal(p.profile?.screenName, 'alice');
    assert.equal(p.profile.followers, 10);
    assert.equal(p.profile.createdAt, Date.parse('2024-01-01T00:00:00Z') / 1000);
    assert.equal(p.profile.description, 'about & me');
    assert.equal(p.profile.defaultProfileImage, true);
  });

  it('reads a reblog as a repost of the original status', () => {
    const p = post(
      decodeMastodonFrame(
        frame(
          'update',
          status({ id: '5', acct: 'carol@far.example', time: T, reblogOf: { id: '4', acct: 'dave' } }),
        ),
        HOST,
        0,
      ),
    );
    assert.equal(p.isRepost, true);
    assert.equal(p.account, 'carol@far.example');
    assert.equal(p.repostOf, 'https://m.example/api/v1/statuses/4');
    assert.equal(p.repostOfAccount, 'dave@m.example');
    assert.equal(p.text, undefined);
  });

  it('reads deletes and edits, ignores other events, keys them for de-duplication', () => {
    const del = decodeMastodonFrame(frame('delete', '111'), HOST, 5);
    assert.deepEqual(del, { ok: true, event: { kind: 'delete', id: '111', key: 'delete 111', time: 5 } });
    const edit = decodeMastodonFrame(
      frame('status.update', status({ id: '111', acct: 'a', time: T, editedAt: T + 30 })),
      HOST,
      0,
    );
    assert.ok(edit.ok && edit.event.kind === 'edit');
    assert.equal(edit.event.time, T + 30);
    assert.equal(edit.event.key, `edit 111 ${T + 30}`);
    const other = decodeMastodonFrame(frame('filters_changed', ''), HOST, 0);
    assert.ok(other.ok && other.event.kind === 'other');
  });

  it('names what is wrong with a bad frame, never throws', () => {
    const cases: [string, RegExp][] = [
      ['{oops', /invalid JSON/],
      ['{"stream":["public"]}', /frame without event/],
      ['{"error":"Missing access token"}', /server error: Missing access token/],
      [JSON.stringify({ event: 'update', payload: '{bad' }), /update payload is not JSON/],
      [JSON.stringify({ event: 'update', payload: { id: 1 } }), /payload is not a string/],
      [frame('update', { id: '9', created_at: '2026-01-01T00:00:00Z' }), /status 9 without account.acct/],
      [
        frame('update', { id: '9', account: { acct: 'x' }, created_at: 'yesterday' }),
        /without a valid created_at/,
      ],
      [
        frame('update', { ...status({ id: '9', acct: 'x', time: T }), content: 3 }),
        /content is not a string/,
      ],
      [frame('delete', 'not an id!'), /delete payload is not a status id/],
    ];
    for (const [text, reason] of cases) {
      const d = decodeMastodonFrame(text, HOST, 0);
      assert.ok(!d.ok, text);
      assert.match(d.reason, reason);
    }
  });
});
