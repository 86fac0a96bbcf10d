/**
 * The store: one interface over SQLite and PostgreSQL (kysely's dialect layout). It owns API roots,
 * collections, every version of every STIX object per collection, TAXII status resources, the
 * organisations / users / API keys / trust groups / grants that decide who reads what, and the side
 * records of the exchange (sightings, contact cards, acknowledgements).
 *
 * Both implementations pass the one contract suite in `store.contract.ts`. The store never decides
 * policy: the exchange layer turns a caller into a {@link Visibility} and the store applies it inside
 * SQL, so pages stay full and cursors stay valid.
 *
 * @example
 * const store = await openSqliteStore({ file: ':memory:' });
 * await store.putApiRoot({ name: 'api1', title: 'Lockstep', maxContentLength: 10_485_760 });
 */

import type { RunAccountRow, RunAudience, RunRecord, RunWrite, SessionRecord } from './run-records.js';
export type { RunAccountRow, RunAudience, RunRecord, RunWrite, SessionRecord } from './run-records.js';
import type { WatchlistRecord, WatchlistUpdateResult } from './run-records.js';
export type { WatchlistRecord, WatchlistUpdateResult } from './run-records.js';
import type {
  CaseEventRecord,
  CaseEventWrite,
  CaseShareRecord,
  CaseRecord,
  CaseUpdate,
  CaseUpdateResult,
} from './case-records.js';
export type {
  CaseEventRecord,
  CaseEventWrite,
  CaseShareRecord,
  CasePatch,
  CaseRecord,
  CaseStatus,
  CaseUpdate,
  CaseUpdateResult,
} from './case-records.js';

/** TLP 2.0 levels as stored; `none` marks an object without a TLP marking. */
export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red', 'none'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];

/** Who sees GREEN / CLEAR / unmarked objects in a collection (AMBER and RED are fixed by TLP 2.0). */
export type Audience = 'readers' | 'trust-groups' | 'org';
export interface TlpPolicy {
  clear: Audience;
  green: Audience;
  none: Audience;
}
export const DEFAULT_TLP_POLICY: TlpPolicy = { clear: 'readers', green: 'readers', none: 'readers' };

/** A fact check as the store keeps it (src/factcheck owns the JSON's shape; docs/FACTCHECK.md). */
export interface FactCheckWrite {
  /** Canonical review URL: the identity that makes re-imports idempotent. */
  key: string;
  url: string;
  publisher?: string;
  language?: string;
  reviewDate?: string;
  /** The normalised record, serialised. */
  json: string;
}
export interface FactCheckRow extends FactCheckWrite {
  importedAt: string;
  /** When the JSON last changed (an identical re-import leaves it). */
  updatedAt: string;
}

/**
 * A fact check's sentence vector as the store keeps it (src/factcheck/vectors.ts owns what the hashes
 * are): one per (model identity, review key).
 */
export interface FactCheckVector {
  /** The fact check's canonical review URL ({@link FactCheckWrite.key}). */
  key: string;
  /** Hash of the text that was embedded: a different one means the fact check changed since. */
  textHash: string;
  /** `dim` floats, unit length. */
  vector: Float32Array;
}

export interface ApiRootRecord {
  name: string;
  title: string;
  description?: string;
  maxContentLength: number;
}

export interface CollectionRecord {
  id: string;
  apiRoot: string;
  title: string;
  description?: string;
  alias?: string;
  policy: TlpPolicy;
}

export interface OrgRecord {
  id: string;
  name: string;
  /** Users (any org) named by this org as recipients of its TLP:RED objects. */
  redRecipients: string[];
}

export interface UserRecord {
  username: string;
  org: string;
  /** `scrypt$N$r$p$salt$hash` (see exchange/credentials.ts); null for key-only accounts. */
  passwordHash: string | null;
}

export interface ApiKeyRecord {
  /** Public key id (the part of the key before the secret). */
  id: string;
  username: string;
  /** Hex SHA-256 of the secret part; compared in constant time. */
  secretHash: string;
  label?: string;
  createdAt: string;
  /** After this ISO timestamp the key is refused (401), like an unknown one. */
  expiresAt?: string;
  /** Last successful use, written at most once a minute per key (never the secret). */
  lastUsedAt?: string;
  /** `config`: declared in the configuration file (a restart without it removes it); default `admin`. */
  source?: 'config' | 'admin';
}

export interface TrustGroupRecord {
  id: string;
  name: string;
  members: string[];
}

export interface GrantRecord {
  collection: string;
  granteeKind: 'org' | 'group';
  grantee: string;
  read: boolean;
  write: boolean;
}

/** One object to add; `object` must carry `id`, `type`; versions come from modified/created. */
export interface ObjectInput {
  object: Record<string, unknown>;
  tlp: Tlp;
  /**
   * STIX ids this post claims for the producer org (its own id, its `created_by_ref`): the first org
   * to claim an id owns it server-wide. If another org holds one of them when the transaction runs,
   * the object is kept apart instead (see `keptApart`). Ignored without a producer org.
   */
  claims?: readonly string[];
  /**
   * Store the object in the producer org's own lane: visible to that org only (every other caller and
   * every "latest version" of anyone else ignore it), never a version of another org's object.
   */
  keptApart?: boolean;
}

export interface StoredObject {
  id: string;
  type: string;
  specVersion: string;
  /** The version as TAXII shows it: the object's `modified`, else `created`, else its first date_added. */
  version: string;
  dateAdded: string;
  tlp: Tlp;
  producerOrg: string | null;
  /** A copy kept apart in its producer's lane (it posted an id another org owns). */
  keptApart: boolean;
  /** The object exactly as stored (JSON text). */
  json: string;
}

export interface StatusDetail {
  id: string;
  version?: string;
  message?: string;
}

export interface StatusRecord {
  id: string;
  apiRoot: string;
  org: string | null;
  status: 'complete' | 'pending';
  requestTimestamp: string;
  totalCount: number;
  successCount: number;
  failureCount: number;
  pendingCount: number;
  successes: StatusDetail[];
  failures: StatusDetail[];
  pendings: StatusDetail[];
}

export interface AddObjectsRequest {
  statusId: string;
  apiRoot: string;
  collection: string;
  /** Org of the poster: the producer for TLP decisions. */
  producerOrg: string | null;
  requestTimestamp: string;
  objects: ObjectInput[];
  /** Objects the caller already rejected (invalid STIX); recorded in the status resource. */
  rejected: StatusDetail[];
  /** Objects the caller found already stored, identical (nothing to write); recorded as successes. */
  present?: StatusDetail[];
}

/**
 * Which rows a caller may see: an owner's row is visible when some TLP rule has its TLP and lists its
 * producer (or `any`); a row kept apart is visible only through a `keptApartFor` rule naming its lane
 * (the posting org). `undefined` in a query means no filtering (administrative access).
 */
export type VisibilityRule = { tlp: Tlp; producers: readonly string[] | 'any' } | { keptApartFor: string };
export type Visibility = readonly VisibilityRule[];

/** TAXII `match[version]` terms: `last`, `first`, `all` or a STIX timestamp. */
export type VersionTerm = 'last' | 'first' | 'all' | { at: string };

export interface ObjectFilter {
  collection: string;
  ids?: readonly string[];
  types?: readonly string[];
  specVersions?: readonly string[];
  /** Default `['last']`. */
  versions?: readonly VersionTerm[];
  /** Strictly after this TAXII timestamp. */
  addedAfter?: string;
  visibility?: Visibility;
}

export interface ObjectQuery extends ObjectFilter {
  limit: number;
  /** Opaque cursor from a previous page's `next`. */
  next?: string;
}

export interface Page<T> {
  items: T[];
  more: boolean;
  /** Present when `more`: pass back as `next` for the following page. */
  next?: string;
}

export interface SightingRecord {
  id: string;
  collection: string;
  sightingOf: string;
  org: string;
  count: number;
  firstSeen?: string;
  lastSeen?: string;
  json: string;
}

export interface ContactCardRecord {
  org: string;
  json: string;
  updated: string;
}

export interface AckRecord {
  collection: string;
  objectId: string;
  version: string;
  org: string;
  kind: 'received' | 'actioned' | 'rejected';
  at: string;
}

/** What the configuration names; {@link Store.pruneDirectory} removes or retires everything else. */
export interface DirectoryKeep {
  apiRoots: readonly string[];
  collections: readonly string[];
  orgs: readonly string[];
  users: readonly string[];
  trustGroups: readonly string[];
  grants: readonly Pick<GrantRecord, 'collection' | 'granteeKind' | 'grantee'>[];
  /** Ids of the API keys the configuration declares; other `config` keys go, `admin` keys stay. */
  configKeys: readonly string[];
}

/** What a prune removed (users, keys, groups, orgs, grants) or retired (API roots, collections). */
export interface PruneReport {
  apiRoots: string[];
  collections: string[];
  orgs: string[];
  users: string[];
  apiKeys: string[];
  trustGroups: string[];
  /** `collection:org:grantee` or `collection:group:grantee`. */
  grants: string[];
}

/** One audit record: who did what, when, and how it ended. Never a secret or a request body. */
export interface AuditEntry {
  at: string;
  /** Username, `cli:<os user>` for taxii-admin, or null for an unauthenticated caller. */
  actor: string | null;
  org: string | null;
  /** `POST /{apiRoot}/collections/{collectionId}/objects/`, `revoke-key`, `config-prune`, … */
  action: string;
  /** What the action touched: a path, a key id, a username. */
  target?: string;
  outcome: 'ok' | 'denied' | 'failed';
  status?: number;
  requestId?: string;
  /** Small JSON-able facts (counts, status id). */
  detail?: Record<string, unknown>;
}

export interface AuditQuery {
  /** Inclusive ISO timestamps. */
  since?: string;
  until?: string;
  actor?: string;
  action?: string;
  outcome?: AuditEntry['outcome'];
  /** Newest first, at most this many (default 100). */
  limit?: number;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  close(): Promise<void>;
  /** Applied migration versions, ascending. */
  migrations(): Promise<number[]>;

  putApiRoot(r: ApiRootRecord): Promise<void>;
  getApiRoot(name: string): Promise<ApiRootRecord | undefined>;
  listApiRoots(): Promise<ApiRootRecord[]>;

  putCollection(c: CollectionRecord): Promise<void>;
  getCollection(apiRoot: string, id: string): Promise<CollectionRecord | undefined>;
  listCollections(apiRoot: string): Promise<CollectionRecord[]>;

  /** Adds objects and writes their status resource in ONE transaction: a returned status is durable. */
  addObjects(req: AddObjectsRequest): Promise<StatusRecord>;
  queryObjects(q: ObjectQuery): Promise<Page<StoredObject>>;
  /** Deletes the versions a filter selects (visibility applies); returns how many rows went. */
  deleteObjects(f: ObjectFilter): Promise<number>;
  countObjects(collection: string): Promise<number>;
  /** The owning org of each of `ids` that has one (server-wide, see {@link ObjectInput.claims}). */
  ownersOf(ids: readonly string[]): Promise<Map<string, string>>;
  /**
   * The newest visible version of every `sighting` in `collection` whose `sighting_of_ref` is
   * `objectId` (TLP visibility applies as in {@link queryObjects}), oldest first, at most `limit`.
   * Cost: one range over the collection's sightings (type index) with a substring test per row.
   */
  sightingsOf(
    collection: string,
    objectId: string,
    visibility: Visibility | undefined,
    limit: number,
  ): Promise<StoredObject[]>;
  getStatus(apiRoot: string, id: string): Promise<StatusRecord | undefined>;

  putOrg(o: OrgRecord): Promise<void>;
  getOrg(id: string): Promise<OrgRecord | undefined>;
  listOrgs(): Promise<OrgRecord[]>;
  /** Orgs that name `username` as a TLP:RED recipient. */
  redSendersTo(username: string): Promise<string[]>;

  putUser(u: UserRecord): Promise<void>;
  getUser(username: string): Promise<UserRecord | undefined>;
  listUsers(): Promise<UserRecord[]>;

  putApiKey(k: ApiKeyRecord): Promise<void>;
  getApiKey(id: string): Promise<ApiKeyRecord | undefined>;
  deleteApiKey(id: string): Promise<boolean>;
  /** Every API key (secret hashes included: callers must not print them), by user then id. */
  listApiKeys(): Promise<ApiKeyRecord[]>;
  /** Records a successful use of a key. */
  touchApiKey(id: string, at: string): Promise<void>;
  /** Removes a user, its API keys and its TLP:RED recipient entries; false when there was none. */
  deleteUser(username: string): Promise<boolean>;
  /**
   * Makes the directory what `keep` names, in one transaction: users, config-declared keys, trust
   * groups, orgs and grants not named are deleted; API roots and collections not named are retired
   * (hidden, objects kept). Objects, sightings and acknowledgements are never deleted here.
   */
  pruneDirectory(keep: DirectoryKeep): Promise<PruneReport>;
  /** API roots and collections retired by {@link pruneDirectory} (for `taxii-admin list`). */
  listRetired(): Promise<{ apiRoots: string[]; collections: string[] }>;

  appendAudit(entries: readonly AuditEntry[]): Promise<void>;
  queryAudit(q: AuditQuery): Promise<AuditEntry[]>;
  /** Refreshes the query planner's statistics (ANALYZE). */
  analyze(): Promise<void>;

  putTrustGroup(g: TrustGroupRecord): Promise<void>;
  listTrustGroups(): Promise<TrustGroupRecord[]>;
  /** Trust-group ids `org` belongs to. */
  groupsOf(org: string): Promise<string[]>;
  /** Orgs sharing at least one trust group with `org` (excluding `org`). */
  peersOf(org: string): Promise<string[]>;

  putGrant(g: GrantRecord): Promise<void>;
  grantsFor(collection: string): Promise<GrantRecord[]>;

  putSighting(s: SightingRecord): Promise<void>;
  listSightings(sightingOf: string): Promise<SightingRecord[]>;
  putContactCard(c: ContactCardRecord): Promise<void>;
  getContactCard(org: string): Promise<ContactCardRecord | undefined>;
  acknowledge(a: AckRecord): Promise<void>;
  /**
   * Records an acknowledgement unless one with the same (collection, object, version, org, kind)
   * exists; returns the stored record (the first one) and whether this call created it.
   */
  acknowledgeOnce(a: AckRecord): Promise<{ record: AckRecord; created: boolean }>;
  listAcknowledgements(collection: string, objectId: string): Promise<AckRecord[]>;

  /** Inserts new fact checks and replaces changed ones (by key), in one transaction. */
  putFactChecks(
    rows: readonly FactCheckWrite[],
    now: string,
  ): Promise<{ inserted: number; updated: number; unchanged: number }>;
  /** Every stored fact check, by key. */
  listFactChecks(): Promise<FactCheckRow[]>;
  countFactChecks(): Promise<number>;
  /** Stores (or replaces) the vectors `model` gave these fact checks, in one transaction. */
  putFactCheckVectors(model: string, rows: readonly FactCheckVector[], now: string): Promise<void>;
  /** Every vector stored for `model`, by key. */
  listFactCheckVectors(model: string): Promise<FactCheckVector[]>;

  /** Stores a run with its pages and accounts in one transaction; false when the id existed (no write). */
  putRun(w: RunWrite): Promise<boolean>;
  /** Runs the audience may see (every run when undefined: administrative access), newest first. */
  listRuns(audience: RunAudience | undefined): Promise<RunRecord[]>;
  /** One run when the audience may see it (undefined otherwise, as for an unknown id). */
  getRun(id: string, audience: RunAudience | undefined): Promise<RunRecord | undefined>;
  getRunPage(runId: string, kind: string): Promise<string | undefined>;
  getRunAccount(runId: string, account: string): Promise<RunAccountRow | undefined>;

  /** Creates an org's watchlist; false when the org already has one of that name (nothing written). */
  createWatchlist(w: WatchlistRecord): Promise<boolean>;
  /** The org's watchlists by name. Only `org`'s own. */
  listWatchlists(org: string): Promise<WatchlistRecord[]>;
  /** One watchlist of `org` (undefined for another org's id, as for an unknown one). */
  getWatchlist(id: string, org: string): Promise<WatchlistRecord | undefined>;
  /** Replaces a watchlist's name and accounts (one transaction; a name clash writes nothing). */
  updateWatchlist(
    id: string,
    org: string,
    change: { name: string; accounts: readonly string[]; updatedAt: string },
  ): Promise<WatchlistUpdateResult>;
  /** True when the org's watchlist existed and is gone. */
  deleteWatchlist(id: string, org: string): Promise<boolean>;

  putSession(s: SessionRecord): Promise<void>;
  getSession(idHash: string): Promise<SessionRecord | undefined>;
  /** Removes one session (logout) and every expired one. */
  deleteSession(idHash: string, now: string): Promise<void>;

  /** Creates a case with its first events (its trail starts at 1), in one transaction. */
  createCase(c: CaseRecord, events: readonly CaseEventWrite[]): Promise<void>;
  /** The org's cases, most recently changed first. Only `org`'s own: cases are not shared rows. */
  listCases(org: string): Promise<CaseRecord[]>;
  /** One case of `org` (undefined for another org's id, as for an unknown one). */
  getCase(id: string, org: string): Promise<CaseRecord | undefined>;
  /** `org`'s cases about `account` of run `runId`. */
  casesWithAccount(org: string, runId: string, account: string): Promise<CaseRecord[]>;
  /**
   * Applies a change and appends its events in one transaction, bumping the version; refused
   * (`conflict`, nothing written) when `expectedVersion` is set and the case moved on.
   */
  updateCase(u: CaseUpdate): Promise<CaseUpdateResult>;
  /** A case's trail, oldest first (empty for another org's case). */
  caseEvents(id: string, org: string): Promise<CaseEventRecord[]>;
  /** Shares a case with an org, or replaces that share (version + 1, acknowledgement cleared). */
  putCaseShare(s: Omit<CaseShareRecord, 'version' | 'ack'>): Promise<CaseShareRecord>;
  /** The shares of a case, for the org that owns it. */
  caseShares(caseId: string, fromOrg: string): Promise<CaseShareRecord[]>;
  /** Shares to `toOrg` from any of `fromOrgs` (and of one case when given), newest first. */
  sharesTo(toOrg: string, fromOrgs: readonly string[], caseId?: string): Promise<CaseShareRecord[]>;
  /** The recipient's first acknowledgement of the current version (a later one keeps the first). */
  ackCaseShare(
    caseId: string,
    toOrg: string,
    ack: NonNullable<CaseShareRecord['ack']>,
  ): Promise<{ share: CaseShareRecord; created: boolean } | undefined>;
}
