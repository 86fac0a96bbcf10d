/**
 * Fact checks from CSV: one row per fact check, columns found by common header names or named with a
 * mapping (`url=review_link,claim=statement,…`). Appearance URLs may share one cell, separated by
 * whitespace, `|` or `;`.
 */
import { LockstepError } from '../core/errors.js';
import { parseCsvString } from '../ingest/csv-tokenizer.js';
import { canonicalUrl } from '../ingest/url-canonical.js';
import { BadInput, finish } from './schema.js';
import type { FactCheck, FactCheckRating } from './types.js';

export const CSV_FIELDS = [
  'url',
  'claim',
  'headline',
  'publisher',
  'rating',
  'rating_value',
  'best_rating',
  'worst_rating',
  'claimant',
  'claim_date',
  'review_date',
  'language',
  'appearances',
] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

/** Header names recognised without a mapping (compared case-insensitively, `_`/`-`/space alike). */
const ALIASES: Record<CsvField, readonly string[]> = {
  url: ['url', 'review url', 'claim url', 'review link', 'fact check url', 'link'],
  claim: ['claim', 'claim reviewed', 'claim text', 'claimreviewed', 'text', 'statement'],
  headline: ['headline', 'title', 'name'],
  publisher: ['publisher', 'author', 'fact checker', 'publisher name', 'organisation', 'organization'],
  rating: ['rating', 'textual rating', 'textualrating', 'verdict', 'alternate name', 'alternatename'],
  rating_value: ['rating value', 'ratingvalue'],
  best_rating: ['best rating', 'bestrating'],
  worst_rating: ['worst rating', 'worstrating'],
  claimant: ['claimant', 'claim author', 'speaker'],
  claim_date: ['claim date', 'claimdate'],
  review_date: ['review date', 'reviewdate', 'date published', 'datepublished', 'date'],
  language: ['language', 'lang', 'language code', 'languagecode', 'inlanguage'],
  appearances: ['appearances', 'appearance', 'appearance urls', 'first appearance'],
};

const fold = (s: string): string =>
  s
    .trim()
    .toLowerCase()
    .replace(/[_\-\s]+/g, ' ');

/** Parses `field=column,…` (the `--csv-map` option). */
export function parseCsvMapping(s: string): Partial<Record<CsvField, string>> {
  const out: Partial<Record<CsvField, string>> = {};
  for (const part of s.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const field = part.slice(0, eq).trim() as CsvField;
    if (eq < 1 || !CSV_FIELDS.includes(field))
      throw new LockstepError(
        'ERR_USAGE',
        `--csv-map: "${part}" is not field=column with field one of ${CSV_FIELDS.join(', ')}`,
      );
    out[field] = part.slice(eq + 1).trim();
  }
  return out;
}

export interface CsvRow {
  record: number;
  factCheck?: FactCheck;
  reason?: string;
}

/** Rows of a CSV text as fact checks or reasons; a header without url/claim columns throws. */
export function factChecksFromCsv(
  text: string,
  file: string,
  mapping: Partial<Record<CsvField, string>> = {},
): CsvRow[] {
  const rows = parseCsvString(text, file);
  const header = rows[0] ?? [];
  const folded = header.map(fold);
  const column = new Map<CsvField, number>();
  for (const f of CSV_FIELDS) {
    const named = mapping[f];
    const i = named !== undefined ? header.indexOf(named) : folded.findIndex((h) => ALIASES[f].includes(h));
    if (named !== undefined && i < 0)
      throw new LockstepError(
        'ERR_FACTCHECK_INPUT',
        `${file}: --csv-map names column "${named}" for ${f}, not in the header`,
        { file },
      );
    if (i >= 0) column.set(f, i);
  }
  for (const need of ['url', 'claim'] as const)
    if (!column.has(need))
      throw new LockstepError(
        'ERR_FACTCHECK_INPUT',
        `${file}: no ${need} column (header: ${header.join(', ')}); name it with --csv-map ${need}=COLUMN`,
        { file, field: need },
      );
  const out: CsvRow[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    const get = (f: CsvField): string | undefined => {
      const i = column.get(f);
      const v = i === undefined ? undefined : row[i]?.trim();
      return v === '' ? undefined : v;
    };
    try {
      out.push({ record: r, factCheck: fromRow(get) });
    } catch (e) {
      if (!(e instanceof BadInput)) throw e;
      out.push({ record: r, reason: e.message });
    }
  }
  return out;
}

function numberCell(get: (f: CsvField) => string | undefined, f: CsvField): number | undefined {
  const v = get(f);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new BadInput(`${f}: "${v.slice(0, 40)}" is not a number`);
  return n;
}

function fromRow(get: (f: CsvField) => string | undefined): FactCheck {
  const url = get('url');
  if (url === undefined) throw new BadInput('url: empty');
  const claim = get('claim');
  if (claim === undefined) throw new BadInput('claim: empty');
  const rating: FactCheckRating = {};
  const rt = get('rating');
  if (rt !== undefined) rating.text = rt;
  const value = numberCell(get, 'rating_value');
  const best = numberCell(get, 'best_rating');
  const worst = numberCell(get, 'worst_rating');
  if (value !== undefined) rating.value = value;
  if (best !== undefined) rating.best = best;
  if (worst !== undefined) rating.worst = worst;
  const base: Omit<FactCheck, 'key' | 'verdict'> = { url, claim, appearances: [] };
  const optional = {
    headline: get('headline'),
    publisher: get('publisher'),
    claimant: get('claimant'),
    claimDate: get('claim_date'),
    reviewDate: get('review_date'),
    language: get('language'),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) Object.assign(base, { [k]: v });
  if (Object.keys(rating).length) base.rating = rating;
  const apps = get('appearances');
  const f = finish(base);
  if (apps !== undefined) f.appearances = finishAppearances(apps);
  return f;
}

function finishAppearances(cell: string): string[] {
  const out: string[] = [];
  for (const raw of cell.split(/[\s|;]+/)) {
    if (raw === '') continue;
    const c = canonicalUrl(raw);
    if (c === undefined) throw new BadInput(`appearances: "${raw.slice(0, 200)}" is not an http(s) URL`);
    if (!out.includes(c)) out.push(c);
  }
  return out;
}
