/**
 * zod schemas for the shapes fact-checkers publish, and their normalisation into {@link FactCheck}:
 * schema.org ClaimReview (https://schema.org/ClaimReview, as Google's ClaimReview markup guide and the
 * Data Commons feed use it) and one `claimReview` of the Google Fact Check Tools API
 * (`claims[].claimReview[]`). JSON-LD allows a value, an object or an array almost everywhere, so
 * the schemas accept each and the normaliser takes the first usable value.
 */
import { z } from 'zod';
import { canonicalUrl } from '../ingest/url-canonical.js';
import type { FactCheck, FactCheckRating } from './types.js';
import { verdictOf } from './verdict.js';

const text = z.union([z.string(), z.number()]).transform(String);
/** A JSON-LD literal: a string, `{ "@value": … }`, or an array of those. */
const literal = z.union([text, z.object({ '@value': text }).transform((v) => v['@value'])]);
const literals = z.union([literal, z.array(z.unknown())]);
/** A schema.org Thing reference: a name/URL string or `{ name, url }`, possibly an array. */
const thing = z.union([
  text,
  z.looseObject({ name: literals.optional(), url: literals.optional(), alternateName: literals.optional() }),
]);
const things = z.union([thing, z.array(z.unknown())]);
const num = z.union([
  z.number(),
  z
    .string()
    .regex(/^\s*-?\d+(\.\d+)?\s*$/)
    .transform(Number),
]);

export const ClaimReviewSchema = z.looseObject({
  '@type': z.union([z.string(), z.array(z.string())]).optional(),
  url: literal,
  claimReviewed: literals.optional(),
  headline: literals.optional(),
  name: literals.optional(),
  author: things.optional(),
  publisher: things.optional(),
  datePublished: literals.optional(),
  inLanguage: things.optional(),
  reviewRating: z
    .looseObject({
      alternateName: literals.optional(),
      name: literals.optional(),
      ratingValue: num.optional(),
      bestRating: num.optional(),
      worstRating: num.optional(),
    })
    .optional(),
  itemReviewed: z
    .looseObject({
      name: literals.optional(),
      text: literals.optional(),
      author: things.optional(),
      datePublished: literals.optional(),
      appearance: things.optional(),
      firstAppearance: things.optional(),
    })
    .optional(),
});

/** One `claimReview` of the Fact Check Tools API, with its parent claim's fields. */
export const ApiReviewSchema = z.looseObject({
  url: z.string(),
  title: z.string().optional(),
  publisher: z.looseObject({ name: z.string().optional(), site: z.string().optional() }).optional(),
  reviewDate: z.string().optional(),
  textualRating: z.string().optional(),
  languageCode: z.string().optional(),
});
export const ApiClaimSchema = z.looseObject({
  text: z.string().optional(),
  claimant: z.string().optional(),
  claimDate: z.string().optional(),
  claimReview: z.array(z.unknown()),
});

function first(v: unknown): string | undefined {
  if (Array.isArray(v)) {
    for (const x of v) {
      const f = first(x);
      if (f !== undefined) return f;
    }
    return undefined;
  }
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (v && typeof v === 'object' && '@value' in v) return first((v as Record<string, unknown>)['@value']);
  return undefined;
}

function all(v: unknown): unknown[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** The name of a Thing (or the string itself); `keys` in order of preference. */
function nameOf(v: unknown, keys: readonly string[] = ['name', 'alternateName']): string | undefined {
  for (const x of all(v)) {
    if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      for (const key of keys) {
        const n = first(o[key]);
        if (n !== undefined) return n;
      }
    } else {
      const s = first(x);
      if (s !== undefined) return s;
    }
  }
  return undefined;
}

function urlsOf(v: unknown): string[] {
  const out: string[] = [];
  for (const x of all(v)) {
    const raw = x && typeof x === 'object' ? first((x as Record<string, unknown>).url) : first(x);
    const c = raw === undefined ? undefined : canonicalUrl(raw);
    if (c !== undefined && !out.includes(c)) out.push(c);
  }
  return out;
}

/** Fields every normalised record needs; throws a reason string the importer reports. */
export function finish(partial: Omit<FactCheck, 'key' | 'verdict'>): FactCheck {
  const key = canonicalUrl(partial.url);
  if (key === undefined) throw new BadInput(`url "${partial.url.slice(0, 200)}" is not an http(s) URL`);
  if (partial.claim.trim() === '') throw new BadInput('the claim text is empty');
  return { ...partial, key, verdict: verdictOf(partial.rating) };
}

/** A record-level problem: the importer counts and reports it and goes on. */
export class BadInput extends Error {}

/** zod issues → one line naming each field and what was expected. */
export function describeIssues(e: z.ZodError): string {
  return e.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : '(record)'}: ${i.message}`)
    .join('; ');
}

function parse<T extends z.ZodType>(schema: T, v: unknown): z.output<T> {
  const r = schema.safeParse(v);
  if (!r.success) throw new BadInput(describeIssues(r.error));
  return r.data;
}

export function fromClaimReview(v: unknown): FactCheck {
  const r = parse(ClaimReviewSchema, v);
  const item = r.itemReviewed;
  const claim = first(r.claimReviewed) ?? first(item?.name) ?? first(item?.text);
  if (claim === undefined) throw new BadInput('claimReviewed: missing (no claim text)');
  const rr = r.reviewRating;
  const rating: FactCheckRating = {};
  const ratingText = first(rr?.alternateName) ?? first(rr?.name);
  if (ratingText !== undefined) rating.text = ratingText;
  if (rr?.ratingValue !== undefined) rating.value = rr.ratingValue;
  if (rr?.bestRating !== undefined) rating.best = rr.bestRating;
  if (rr?.worstRating !== undefined) rating.worst = rr.worstRating;
  const publisherThing = r.author ?? r.publisher;
  const publisherUrl = urlsOf(publisherThing)[0];
  return finish({
    url: r.url.trim(),
    claim,
    ...opt('headline', first(r.headline) ?? first(r.name)),
    ...opt('publisher', nameOf(publisherThing)),
    ...opt('publisherUrl', publisherUrl),
    ...(Object.keys(rating).length ? { rating } : {}),
    ...opt('claimant', nameOf(item?.author)),
    ...opt('claimDate', first(item?.datePublished)),
    ...opt('reviewDate', first(r.datePublished)),
    ...opt('language', nameOf(r.inLanguage, ['alternateName', 'name'])),
    appearances: [...new Set([...urlsOf(item?.appearance), ...urlsOf(item?.firstAppearance)])],
  });
}

export function fromApiReview(claim: z.output<typeof ApiClaimSchema>, v: unknown): FactCheck {
  const r = parse(ApiReviewSchema, v);
  if (claim.text === undefined) throw new BadInput('text: missing (no claim text)');
  return finish({
    url: r.url.trim(),
    claim: claim.text,
    ...opt('headline', r.title),
    ...opt('publisher', r.publisher?.name ?? r.publisher?.site),
    ...opt('publisherUrl', r.publisher?.site ? canonicalUrl(r.publisher.site) : undefined),
    ...(r.textualRating ? { rating: { text: r.textualRating } } : {}),
    ...opt('claimant', claim.claimant),
    ...opt('claimDate', claim.claimDate),
    ...opt('reviewDate', r.reviewDate),
    ...opt('language', r.languageCode),
    appearances: [],
  });
}

function opt<K extends string>(k: K, v: string | undefined): Partial<Record<K, string>> {
  return v === undefined ? {} : ({ [k]: v } as Record<K, string>);
}
