/**
 * `lockstep detect --factchecks`: a post-processing step over a finished DetectionResult (detection
 * itself is untouched). Each network's top objects and example posts are matched against the fact
 * checks — text objects (co-post, co-similar, retweeted text) by their text, links (co-link) by URL
 * and by the words of the link — and carry the matches; the network lists every fact check it
 * touched, and its summary says when it pushes claims rated false or misleading.
 *
 * What it can see is what the result carries: object labels are the first 140 characters of a post,
 * example posts their text; links in example posts are read from the text. Cost: one `match` per top
 * object and example (≤ 20 per network by default). With sentence embeddings (`detect --embeddings`,
 * a matcher with a dense index) every distinct query text is embedded once, in batches, before the
 * matching ({@link queryVectors}: ~30 ms a text).
 */
import type { DetectionResult, FactCheckRef, Network } from '../core/result.js';
import { extractEntities } from '../ingest/entities.js';
import { canonicalUrl } from '../ingest/url-canonical.js';
import { postEmbeddingText, type Embedder } from './embedder.js';
import { describeMatch } from './match-posts.js';
import type { FactCheckMatch, FactCheckMatcher, MatchQuery } from './matcher.js';
import { isDebunked } from './verdict.js';

export interface AnnotateOptions {
  /** Matches below this calibrated score are not attached (default 0.5). */
  minScore: number;
  /** Matches kept per object or post (default 3). */
  top: number;
}

export const DEFAULT_ANNOTATE: AnnotateOptions = { minScore: 0.5, top: 3 };

function ref(m: FactCheckMatch): FactCheckRef {
  const f = m.factCheck;
  const rating = f.rating?.text ?? (f.rating?.value !== undefined ? String(f.rating.value) : undefined);
  return {
    url: f.url,
    ...(f.publisher !== undefined ? { publisher: f.publisher } : {}),
    ...(rating !== undefined ? { rating } : {}),
    verdict: f.verdict,
    claim: f.claim,
    score: Number(m.score.toFixed(4)),
    why: describeMatch(m),
  };
}

function queryOfText(text: string): MatchQuery {
  const urls = extractEntities(text)
    .urls.map((u) => canonicalUrl(u))
    .filter((u): u is string => u !== undefined);
  return { text, urls };
}

/** The queries a network's annotation asks: its top objects', then its examples', in order. */
function queries(n: Network): { target: { factChecks?: FactCheckRef[] }; q: MatchQuery }[] {
  const out: { target: { factChecks?: FactCheckRef[] }; q: MatchQuery }[] = [];
  for (const obj of n.topObjects) {
    if (obj.behaviour === 'co-link')
      out.push({ target: obj, q: { text: obj.label ?? obj.object, urls: [obj.object] } });
    else if (obj.label) out.push({ target: obj, q: queryOfText(obj.label) });
  }
  for (const x of n.examples) if (x.text) out.push({ target: x, q: queryOfText(x.text) });
  return out;
}

/**
 * Sentence vectors of every distinct text the annotation will match (as posts are embedded:
 * `postEmbeddingText`), for a matcher with a dense index.
 */
export async function queryVectors(
  result: DetectionResult,
  embedder: Embedder,
): Promise<Map<string, Float32Array>> {
  const texts = [
    ...new Set(result.networks.flatMap((n) => queries(n).flatMap(({ q }) => (q.text ? [q.text] : [])))),
  ];
  const v = await embedder.embed(texts.map(postEmbeddingText));
  return new Map(texts.map((t, i) => [t, v.subarray(i * embedder.dim, (i + 1) * embedder.dim)]));
}

/** Adds fact checks to one network in place; returns how many distinct ones it touched. */
export function annotateNetwork(
  n: Network,
  matcher: FactCheckMatcher,
  o: AnnotateOptions = DEFAULT_ANNOTATE,
  vectors?: ReadonlyMap<string, Float32Array>,
): number {
  const all = new Map<string, FactCheckRef>();
  const keep = (ms: FactCheckMatch[]): FactCheckRef[] | undefined => {
    if (ms.length === 0) return undefined;
    const refs = ms.map(ref);
    for (const r of refs) {
      const seen = all.get(r.url);
      if (!seen || seen.score < r.score) all.set(r.url, r);
    }
    return refs;
  };
  for (const { target, q } of queries(n)) {
    const vector = q.text === undefined ? undefined : vectors?.get(q.text);
    const refs = keep(matcher.match(vector ? { ...q, vector } : q, o.top, o.minScore));
    if (refs) target.factChecks = refs;
  }
  if (all.size === 0) return 0;
  n.factChecks = [...all.values()].sort((a, b) => b.score - a.score || (a.url < b.url ? -1 : 1));
  const debunked = n.factChecks.filter((f) => isDebunked(f.verdict));
  if (debunked.length > 0) {
    const named = debunked
      .slice(0, 2)
      .map((f) => `${f.publisher ?? 'a fact-checker'}: "${f.rating ?? f.verdict}"`)
      .join('; ');
    n.summary +=
      ` It pushes ${debunked.length === 1 ? 'a claim' : `${debunked.length} claims`} already rated false or misleading by fact-checkers (${named}` +
      `${debunked.length > 2 ? '; …' : ''}).`;
  }
  return all.size;
}

/** Annotates every network of a result in place; returns the number of networks with a match. */
export function annotateNetworks(
  result: DetectionResult,
  matcher: FactCheckMatcher,
  o: AnnotateOptions = DEFAULT_ANNOTATE,
  vectors?: ReadonlyMap<string, Float32Array>,
): number {
  let touched = 0;
  for (const n of result.networks) if (annotateNetwork(n, matcher, o, vectors) > 0) touched++;
  result.parameters.factChecks = matcher.factChecks.length;
  return touched;
}
