/**
 * The coordinated behaviours Lockstep detects, by their command-line names. Each behaviour turns a post
 * into zero or more (object, time) actions; two accounts co-act when they act on the same object within
 * the time window.
 */
export const BEHAVIOURS = [
  'co-retweet',
  'co-link',
  'co-domain',
  'co-hashtag',
  'co-post',
  'co-similar',
  'co-reply',
  'co-mention',
  'co-image',
] as const;

export type Behaviour = (typeof BEHAVIOURS)[number];

export function isBehaviour(s: string): s is Behaviour {
  return (BEHAVIOURS as readonly string[]).includes(s);
}
