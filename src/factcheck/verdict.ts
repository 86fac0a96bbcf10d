/**
 * A fact check's rating reduced to false / misleading / mixed / true / unknown, so a network summary
 * can say "pushes claims rated false". A numeric rating on its own scale wins (ClaimReview's
 * ratingValue between worstRating and bestRating: ≤ 0.2 of the scale false, ≤ 0.45 misleading,
 * < 0.7 mixed, else true: on the common 1–5 scale 1 false, 2 misleading, 3 mixed, 4–5 true); otherwise the publisher's words, matched against a small multilingual list
 * (labels that the IFCN signatories publish most, in English, French, Spanish, Portuguese, Italian,
 * German, Dutch, Polish, Turkish, Indonesian). Unlisted words stay `unknown`: the rating text is always
 * shown as published, the verdict only summarises.
 */
import { normalise } from './text.js';
import type { FactCheckRating, Verdict } from './types.js';

const PHRASES: readonly [Verdict, readonly string[]][] = [
  [
    'mixed',
    [
      'half true',
      'mixture',
      'mixed',
      'partly true',
      'partially true',
      'partly false',
      'partially false',
      'mostly true',
      'en partie',
      'parcialmente',
      'in parte',
      'teilweise',
      'gedeeltelijk',
      'częściowo',
      'kismen',
      'sebagian',
    ],
  ],
  [
    'misleading',
    [
      'misleading',
      'mostly false',
      'missing context',
      'lacks context',
      'out of context',
      'exaggerat',
      'distort',
      'trompeur',
      'enganoso',
      'enganosa',
      'engañoso',
      'fuorviante',
      'irrefuhrend',
      'irreführend',
      'misleidend',
      'manipul',
      'sin contexto',
      'sem contexto',
      'yaniltici',
      'menyesatkan',
    ],
  ],
  [
    'false',
    [
      'false',
      'fake',
      'pants on fire',
      'incorrect',
      'untrue',
      'not true',
      'hoax',
      'fabricated',
      'baseless',
      'debunked',
      'wrong',
      'falso',
      'falsa',
      'faux',
      'fausse',
      'falsch',
      'onwaar',
      'nepravda',
      'fałsz',
      'falsz',
      'sahte',
      'yanlis',
      'yanlış',
      'palsu',
      'salah',
      'bufala',
      'bulo',
      'infondato',
    ],
  ],
  [
    'true',
    [
      'true',
      'correct',
      'accurate',
      'vrai',
      'verdadero',
      'verdadeiro',
      'vero',
      'wahr',
      'waar',
      'prawda',
      'dogru',
      'doğru',
      'benar',
    ],
  ],
];

const FOLDED: readonly [Verdict, readonly string[]][] = PHRASES.map(([v, ps]) => [
  v,
  [...new Set(ps.map((p) => normalise(p)))],
]);

export function verdictOf(rating: FactCheckRating | undefined): Verdict {
  if (!rating) return 'unknown';
  const { value, best, worst } = rating;
  if (value !== undefined && best !== undefined && worst !== undefined && best !== worst) {
    const r = (value - worst) / (best - worst);
    if (r >= 0 && r <= 1) return r <= 0.2 ? 'false' : r <= 0.45 ? 'misleading' : r < 0.7 ? 'mixed' : 'true';
  }
  if (!rating.text) return 'unknown';
  const t = ` ${normalise(rating.text)} `;
  for (const [v, ps] of FOLDED) if (ps.some((p) => t.includes(` ${p}`))) return v;
  return 'unknown';
}

/** Verdicts that mean the claim was found false or misleading. */
export function isDebunked(v: Verdict): boolean {
  return v === 'false' || v === 'misleading';
}
