import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Post } from '../../core/post.js';
import { mentionsOutsideAddressing } from './post-batch.js';

const post = (text: string, mentions: string[], replyTo?: string): Post => ({
  account: 'a',
  time: 0,
  isRepost: false,
  text,
  replyTo,
  hashtags: [],
  mentions,
  urls: [],
  domains: [],
  images: [],
  source: { file: 't', line: 1 },
});

describe("a reply's addressing is not a mention of its own", () => {
  it('drops the leading @handles of a reply, keeps the ones in its words', () => {
    const p = post('@Leader @other thanks, and see @Third', ['leader', 'other', 'third'], '123');
    assert.deepEqual(mentionsOutsideAddressing(p), ['third']);
  });

  it('keeps every mention of a post that is no reply, or whose text does not start with a handle', () => {
    assert.deepEqual(mentionsOutsideAddressing(post('@Leader hello', ['leader'])), ['leader']);
    assert.deepEqual(mentionsOutsideAddressing(post('hello @Leader', ['leader'], '1')), ['leader']);
  });

  it('matches handles case-insensitively and in non-Latin scripts', () => {
    assert.deepEqual(mentionsOutsideAddressing(post('@Ëlla_9 да @Мир', ['ëlla_9', 'мир'], '1')), ['мир']);
  });
});
