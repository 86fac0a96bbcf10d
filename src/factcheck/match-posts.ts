/**
 * Matches a stream of posts against a {@link FactCheckMatcher} and turns the hits into the rows of
 * `matches.csv` (docs/FACTCHECK.md): one row per (post, fact check), rank 1 = best, at most `top`
 * per post, each with its calibrated score and the reasons in words.
 *
 * Cost: one `match` per post with text or links; memory holds only the rows written.
 */
import type { Post } from '../core/post.js';
import { postEmbeddingText, type Embedder } from './embedder.js';
import type { FactCheckMatch, FactCheckMatcher } from './matcher.js';

export const MATCH_COLUMNS = [
  'post_id',
  'account',
  'claim_url',
  'rank',
  'score',
  'publisher',
  'rating',
  'verdict',
  'claim',
  'why',
  'source',
] as const;

export interface MatchPostsOptions {
  /** Matches kept per post (default 5). */
  top: number;
  /** Matches below this calibrated score are dropped (default 0.5: more likely right than wrong). */
  minScore: number;
}

export const DEFAULT_MATCH_POSTS: MatchPostsOptions = { top: 5, minScore: 0.5 };

/** The reasons of a match in one line: "links <url>; words: a, b; 31 shared 4-grams". */
export function describeMatch(m: Pick<FactCheckMatch, 'reasons'>): string {
  const parts: string[] = [];
  if (m.reasons.url) parts.push(`links ${m.reasons.url}`);
  if (m.reasons.sharedWords.length) parts.push(`words: ${m.reasons.sharedWords.join(', ')}`);
  if (m.reasons.sharedGrams > 0) parts.push(`${m.reasons.sharedGrams} shared 4-grams`);
  if (m.reasons.cosine !== undefined) parts.push(`meaning: cosine ${m.reasons.cosine.toFixed(2)}`);
  return parts.join('; ');
}

export function postId(p: Post): string {
  return p.id ?? `${p.source.file}:${p.source.line}`;
}

export function matchRow(
  p: Post,
  m: Pick<FactCheckMatch, 'factCheck' | 'rank' | 'score' | 'reasons'>,
): (string | number)[] {
  const f = m.factCheck;
  return [
    postId(p),
    p.account,
    f.url,
    m.rank,
    Number(m.score.toFixed(4)),
    f.publisher ?? '',
    f.rating?.text ?? (f.rating?.value !== undefined ? String(f.rating.value) : ''),
    f.verdict,
    f.claim,
    describeMatch(m),
    `${p.source.file}:${p.source.line}`,
  ];
}

/** Posts → match rows, in post order. Returns counts for the summary line. */
export async function matchPosts(
  posts: AsyncIterable<Post>,
  matcher: FactCheckMatcher,
  options: MatchPostsOptions,
  onRow: (row: (string | number)[]) => void,
): Promise<{ posts: number; matchedPosts: number; rows: number }> {
  let n = 0;
  let matchedPosts = 0;
  let rows = 0;
  for await (const p of posts) {
    n++;
    if (!p.text && p.urls.length === 0) continue;
    const k = matchOne(p, matcher, options, onRow);
    if (k) matchedPosts++;
    rows += k;
  }
  return { posts: n, matchedPosts, rows };
}

/** One post's match rows, handed to `onRow`; returns how many. */
function matchOne(
  p: Post,
  matcher: FactCheckMatcher,
  options: MatchPostsOptions,
  onRow: (row: (string | number)[]) => void,
  vector?: Float32Array,
): number {
  const ms = matcher.match(
    { ...(p.text ? { text: p.text } : {}), urls: p.urls, ...(vector ? { vector } : {}) },
    options.top,
    options.minScore,
  );
  for (const m of ms) onRow(matchRow(p, m));
  return ms.length;
}

/**
 * {@link matchPosts} with sentence embeddings: posts are embedded `batch` at a time (the model's cost
 * is per batch call as much as per text) and matched with their vectors against a matcher built with
 * a dense index. One thread: the embedding, not the lexical match, is the cost (~25 ms a post).
 */
export async function matchPostsEmbedded(
  posts: AsyncIterable<Post>,
  matcher: FactCheckMatcher,
  embedder: Embedder,
  options: MatchPostsOptions,
  onRow: (row: (string | number)[]) => void,
  batch = 64,
): Promise<{ posts: number; matchedPosts: number; rows: number }> {
  let n = 0;
  let matchedPosts = 0;
  let rows = 0;
  let pending: Post[] = [];
  const flush = async (): Promise<void> => {
    const withText = pending.filter((p) => p.text);
    const vectors = await embedder.embed(withText.map((p) => postEmbeddingText(p.text!)));
    const vectorOf = new Map(
      withText.map((p, i) => [p, vectors.subarray(i * embedder.dim, (i + 1) * embedder.dim)]),
    );
    for (const p of pending) {
      const k = matchOne(p, matcher, options, onRow, vectorOf.get(p));
      if (k) matchedPosts++;
      rows += k;
    }
    pending = [];
  };
  for await (const p of posts) {
    n++;
    if (!p.text && p.urls.length === 0) continue;
    pending.push(p);
    if (pending.length >= batch) await flush();
  }
  if (pending.length) await flush();
  return { posts: n, matchedPosts, rows };
}
