/** Test helper: a post that carries one hashtag and nothing else (the co-hashtag behaviour's input). */
import type { Post } from '../../core/post.js';

export const hashtagPost = (account: string, time: number, tag: string): Post => ({
  account,
  time,
  isRepost: false,
  hashtags: [tag],
  mentions: [],
  urls: [],
  domains: [],
  images: [],
  source: { file: 't', line: 1 },
});
