/**
 * Finds the fact checks in a parsed JSON(-LD) value, whatever shape carries them: one ClaimReview, an
 * array of them, a `@graph`, a Data Commons `DataFeed` (`dataFeedElement[].item[]`), or a Google Fact
 * Check Tools API response (`claims[].claimReview[]`). Objects of other types inside a `@graph` or a
 * web page (Organization, WebPage, BreadcrumbList …) are page furniture and are skipped silently;
 * anything else that is not a ClaimReview is a bad record.
 */
import { ApiClaimSchema, BadInput, describeIssues, fromApiReview, fromClaimReview } from './schema.js';
import type { FactCheck } from './types.js';

export interface Found {
  /** JSON path inside the value, for reports. */
  path: string;
  factCheck?: FactCheck;
  reason?: string;
}

function typesOf(o: Record<string, unknown>): string[] {
  const t = o['@type'];
  const ts = Array.isArray(t) ? t : [t];
  return ts.filter((x): x is string => typeof x === 'string').map((x) => x.replace(/^.*[/#:]/, ''));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function attempt(path: string, make: () => FactCheck): Found {
  try {
    return { path, factCheck: make() };
  } catch (e) {
    if (e instanceof BadInput) return { path, reason: e.message };
    throw e;
  }
}

/**
 * Yields one {@link Found} per record. `lenient` (inside @graph / HTML) skips non-ClaimReview objects
 * instead of reporting them.
 */
export function* findFactChecks(v: unknown, path = '$', lenient = false): Generator<Found> {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) yield* findFactChecks(v[i], `${path}[${i}]`, lenient);
    return;
  }
  if (!isObject(v)) {
    if (!lenient) yield { path, reason: `expected a JSON object, got ${v === null ? 'null' : typeof v}` };
    return;
  }
  if (Array.isArray(v.claims)) {
    for (let i = 0; i < v.claims.length; i++) {
      const claim = ApiClaimSchema.safeParse(v.claims[i]);
      const at = `${path}.claims[${i}]`;
      if (!claim.success) {
        yield { path: at, reason: describeIssues(claim.error) };
        continue;
      }
      const reviews = claim.data.claimReview;
      for (let j = 0; j < reviews.length; j++)
        yield attempt(`${at}.claimReview[${j}]`, () => fromApiReview(claim.data, reviews[j]));
    }
    return;
  }
  if ('@graph' in v) {
    yield* findFactChecks(v['@graph'], `${path}.@graph`, true);
    return;
  }
  const types = typesOf(v);
  if (types.includes('DataFeed') || Array.isArray(v.dataFeedElement)) {
    const elements: unknown[] = Array.isArray(v.dataFeedElement) ? (v.dataFeedElement as unknown[]) : [];
    for (let i = 0; i < elements.length; i++) {
      const el = elements[i];
      const at = `${path}.dataFeedElement[${i}]`;
      if (isObject(el) && 'item' in el) yield* findFactChecks(el.item, `${at}.item`, false);
      else yield* findFactChecks(el, at, false);
    }
    return;
  }
  if (types.includes('ClaimReview') || (types.length === 0 && 'claimReviewed' in v)) {
    yield attempt(path, () => fromClaimReview(v));
    return;
  }
  if (!lenient)
    yield {
      path,
      reason: `not a ClaimReview (@type ${types.length ? types.join(', ') : 'missing'})`,
    };
}
