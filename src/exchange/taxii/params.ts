/**
 * The TAXII 2.1 URL filter parameters (section 3.4/3.5): `limit`, `next`, `added_after` and
 * `match[id|type|version|spec_version]`, validated with zod into the store's filter terms. Repeated
 * keys are read as one comma-separated list (`match[type]=a&match[type]=b` ≡ `match[type]=a,b`).
 * Unknown parameters are ignored, as the spec asks of servers; malformed known ones are a 400.
 */
import { z } from 'zod';
import type { ObjectFilter, VersionTerm } from '../../store/store.js';
import { dateAddedKey, isTimestamp } from '../../store/timestamps.js';
import { taxiiError } from './errors.js';

const MAX_TERMS = 100;

const csv = (item: z.ZodType<string, string>) =>
  z.preprocess(
    (v) => (Array.isArray(v) ? v.join(',') : v),
    z
      .string()
      .max(16_384)
      .transform((s) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter((x) => x.length > 0),
      )
      .pipe(z.array(item).min(1).max(MAX_TERMS)),
  );
const single = z.preprocess(
  (v: unknown): unknown => (Array.isArray(v) ? (v as unknown[]).at(-1) : v),
  z.string(),
);

const timestamp = z.string().refine(isTimestamp, 'must be a timestamp like 2024-05-01T10:00:00.000Z');
const versionTerm = z.union([z.enum(['last', 'first', 'all']), timestamp]);

export const FilterQuerySchema = z.object({
  limit: single
    .pipe(
      z
        .string()
        .regex(/^[1-9][0-9]{0,8}$/, 'must be a positive integer')
        .transform(Number),
    )
    .optional(),
  next: single.pipe(z.string().min(1).max(2048)).optional(),
  added_after: single.pipe(timestamp).optional(),
  'match[id]': csv(z.string().max(256)).optional(),
  'match[type]': csv(z.string().regex(/^[a-z0-9][a-z0-9-]{0,249}$/, 'must be a STIX type')).optional(),
  'match[version]': csv(versionTerm).optional(),
  'match[spec_version]': csv(z.string().regex(/^\d+\.\d+$/, 'must look like 2.1')).optional(),
});

export type FilterQuery = z.infer<typeof FilterQuerySchema>;

export function parseFilterQuery(query: unknown): FilterQuery {
  const r = FilterQuerySchema.safeParse(query ?? {});
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw taxiiError('ERR_TAXII_BAD_REQUEST', `URL parameter ${issue.path.join('.')}: ${issue.message}`, {
      parameter: issue.path.join('.'),
    });
  }
  return r.data;
}

export interface FilterUse {
  /** Which match[] filters the endpoint supports (others are ignored). */
  id?: boolean;
  type?: boolean;
  version?: boolean;
  /** Version terms when the request names none (`last` for objects, `all` for versions). */
  defaultVersions: readonly VersionTerm[];
}

/** Turns parsed URL parameters into the store's filter for one collection. */
export function toFilter(q: FilterQuery, collection: string, use: FilterUse): ObjectFilter {
  const f: ObjectFilter = { collection };
  if (use.id && q['match[id]']) f.ids = q['match[id]'];
  if (use.type && q['match[type]']) f.types = q['match[type]'];
  if (q['match[spec_version]']) f.specVersions = q['match[spec_version]'];
  f.versions =
    use.version && q['match[version]']
      ? q['match[version]'].map((t): VersionTerm =>
          t === 'last' || t === 'first' || t === 'all' ? t : { at: t },
        )
      : use.defaultVersions;
  if (q.added_after !== undefined) f.addedAfter = dateAddedKey(q.added_after)!;
  return f;
}
