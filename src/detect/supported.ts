/**
 * "Default: all that the input supports": which behaviours a set of posts can feed. A behaviour is
 * supported when at least one post yields an action for it; co-similar when posts carry text.
 */
import { BEHAVIOURS, type Behaviour } from '../core/behaviour.js';
import type { Post } from '../core/post.js';

export function supportedBehaviours(posts: Iterable<Post>): Behaviour[] {
  const seen = new Set<Behaviour>();
  for (const p of posts) {
    if (p.repostOf || (p.isRepost && p.text)) seen.add('co-retweet');
    if (p.urls.length) seen.add('co-link');
    if (p.domains.length) seen.add('co-domain');
    if (p.hashtags.length) seen.add('co-hashtag');
    if (p.mentions.length) seen.add('co-mention');
    if (p.images.length) seen.add('co-image');
    if (p.replyTo) seen.add('co-reply');
    if (p.text && !p.isRepost) {
      seen.add('co-post');
      seen.add('co-similar');
    }
    if (seen.size === BEHAVIOURS.length) break;
  }
  return BEHAVIOURS.filter((b) => seen.has(b));
}
