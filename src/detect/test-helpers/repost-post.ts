/** Test helper: a repost in CooRTweet's long format (content id `id`, object `repostOf`), nothing else. */
import type { Post } from '../../core/post.js';

export const repostPost = (
  account: string,
  time: number,
  id: string | undefined,
  repostOf: string,
): Post => ({
  id,
  account,
  time,
  isRepost: true,
  repostOf,
  hashtags: [],
  mentions: [],
  urls: [],
  domains: [],
  images: [],
  source: { file: 't', line: 1 },
});
