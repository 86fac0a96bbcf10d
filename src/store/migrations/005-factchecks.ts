/**
 * Migration 5: the fact-check store (src/factcheck, docs/FACTCHECK.md). One row per ClaimReview,
 * keyed by the canonical review URL so a re-import updates instead of duplicating; the normalised
 * record is kept whole as JSON, with the columns an analyst filters on beside it. (Numbered 5 because
 * 3 and 4 were taken by concurrent work; the runner applies any missing version in order.)
 */
export const version = 5;
export const name = 'factchecks';

export const sql = `
CREATE TABLE factchecks (
  review_key TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  publisher TEXT,
  language TEXT,
  review_date TEXT,
  json TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX factchecks_publisher ON factchecks (publisher);
`;
