/**
 * The workspace's records in the store (migration 6): published runs with their precomputed pages and
 * accounts, and browser sessions. Kept apart from store.ts so the exchange's records stay legible.
 */
import type { Tlp } from './visibility.js';

/** A published detection run (src/workspace): owned by an org, marked with a TLP. */
export interface RunRecord {
  id: string;
  org: string;
  tlp: Tlp;
  title: string;
  startedAt: string;
  finishedAt: string;
  addedAt: string;
  posts: number;
  accounts: number;
  networks: number;
  edges: number;
  /** run.json's facts without timings noise: parameters, input summary (JSON text). */
  json: string;
}

/** One account of a run with the JSON its page shows. */
export interface RunAccountRow {
  account: string;
  screenName?: string;
  network: string | null;
  score: number;
  automation: number | null;
  json: string;
}

/** Everything one run import writes, in one transaction. */
export interface RunWrite {
  run: RunRecord;
  /** Precomputed page data by kind (`graph`, `networks`, `profile`). */
  pages: readonly { kind: string; json: string }[];
  accounts: readonly RunAccountRow[];
}

/** Who may see a run: its own org's runs, and these (org, TLP) pairs of others. */
export interface RunAudience {
  org: string;
  /** Other orgs whose runs at one of `tlps` the reader may see (TLP 2.0 via trust groups). */
  peers: readonly string[];
  tlps: readonly Tlp[];
}

/** A browser session of the workspace; the cookie's secret is stored as `idHash` only. */
export interface SessionRecord {
  idHash: string;
  username: string;
  org: string;
  csrf: string;
  createdAt: string;
  expiresAt: string;
}
