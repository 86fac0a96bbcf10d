/**
 * Migration 9: sentence vectors of the fact checks (src/factcheck/vectors.ts, docs/FACTCHECK.md
 * "Sentence embeddings"), stored at `factcheck import --embeddings` so that `match` and `detect` do
 * not embed the archive again (~30 ms of CPU a fact check). One row per (fact check, model): `model`
 * is the model's identity (its name and a hash of its manifest and vocabulary, embedder.ts), and
 * `text_hash` the hash of the text that was embedded, so a changed claim or another model is seen as
 * missing. `vector` holds the little-endian float32 row in base64: the drivers' portable value types
 * are text and numbers (driver.ts), and base64 costs 4/3 of the bytes (2.7 KB a 512-float row).
 */
export const version = 9;
export const name = 'factcheck-vectors';

export const sql = `
CREATE TABLE factcheck_vectors (
  review_key TEXT NOT NULL,
  model TEXT NOT NULL,
  text_hash TEXT NOT NULL,
  dim INTEGER NOT NULL,
  vector TEXT NOT NULL,
  embedded_at TEXT NOT NULL,
  PRIMARY KEY (model, review_key)
);
`;
