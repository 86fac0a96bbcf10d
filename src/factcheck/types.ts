/**
 * The normalised fact check every importer yields and the matcher, the store and the detect
 * integration read: the parts of a schema.org ClaimReview a fact-checking desk relies on.
 */

/** A fact check's rating: the publisher's words and, where given, its numeric scale. */
export interface FactCheckRating {
  /** `reviewRating.alternateName` (or the API's `textualRating`): "False", "Faux", "Mostly true" … */
  text?: string;
  value?: number;
  best?: number;
  worst?: number;
}

/** What the rating says, reduced to a small vocabulary (see verdict.ts for the rules). */
export type Verdict = 'false' | 'misleading' | 'mixed' | 'true' | 'unknown';

export interface FactCheck {
  /** The ClaimReview `url` (the fact-check article), as published: what `claim_url` reports. */
  url: string;
  /** Identity for idempotent imports: the canonical form of `url` (ingest/url-canonical.ts). */
  key: string;
  /** `claimReviewed`: the claim in the fact-checker's words. */
  claim: string;
  /** The article's `headline` / `name` / API `title`. */
  headline?: string;
  publisher?: string;
  publisherUrl?: string;
  rating?: FactCheckRating;
  verdict: Verdict;
  /** Who made the claim (`itemReviewed.author.name`, API `claimant`). */
  claimant?: string;
  /** When the claim was made (`itemReviewed.datePublished`, API `claimDate`), as given. */
  claimDate?: string;
  /** When the review was published (`datePublished`, API `reviewDate`), as given. */
  reviewDate?: string;
  /** BCP 47 language of the review (`inLanguage`, API `languageCode`). */
  language?: string;
  /** Canonical URLs where the claim appeared (`itemReviewed.appearance`, `firstAppearance`). */
  appearances: string[];
}

/** One record an importer could not use; the import goes on. */
export interface BadRecord {
  file: string;
  /** 1-based record number in the file (line for JSON lines, data row for CSV, item otherwise). */
  record: number;
  /** Where in the document, for nested shapes: `claims[3].claimReview[0]`, `@graph[2]` … */
  path?: string;
  reason: string;
}

export interface ImportResult {
  factChecks: FactCheck[];
  bad: BadRecord[];
  /** Records read per file, good or bad. */
  files: { file: string; format: string; records: number; good: number; bad: number }[];
  /** Records whose review URL repeated an earlier one in the same import (the later one wins). */
  duplicates: number;
}
