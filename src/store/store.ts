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
 * This file is the interface; the records it reads and writes sit in one file per area, beside the
 * sql/ file that implements that area (visibility.ts, object-records.ts, directory-records.ts,
 * feedback-records.ts, audit-records.ts, factcheck-records.ts, run-records.ts, watchlist-records.ts,
 * case-records.ts). They are re-exported here so callers outside src/store import the store's types
 * from one place.
 *
 * @example
 * const store = await openSqliteStore({ file: ':memory:' });
 * await store.putApiRoot({ name: 'api1', title: 'Lockstep', maxContentLength: 10_485_760 });
 */
import type { AuditEntry, AuditQuery } from './audit-records.js';
import type {
  CaseEventRecord,
  CaseEventWrite,
  CaseShareRecord,
  CaseRecord,
  CaseUpdate,
  CaseUpdateResult,
} from './case-records.js';
import type {
  ApiKeyRecord,
  ApiRootRecord,
  CollectionRecord,
  DirectoryKeep,
  GrantRecord,
  OrgRecord,
  PruneReport,
  TrustGroupRecord,
  UserRecord,
} from './directory-records.js';
import type { FactCheckRow, FactCheckVector, FactCheckWrite } from './factcheck-records.js';
import type { AckRecord, ContactCardRecord, SightingRecord } from './feedback-records.js';
import type {
  AddObjectsRequest,
  ObjectFilter,
  ObjectQuery,
  Page,
  StatusRecord,
  StoredObject,
} from './object-records.js';
import type { RunAccountRow, RunAudience, RunRecord, RunWrite, SessionRecord } from './run-records.js';
import type { Visibility } from './visibility.js';
import type { WatchlistRecord, WatchlistUpdateResult } from './watchlist-records.js';

export type { AuditEntry, AuditQuery } from './audit-records.js';
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
export type {
  ApiKeyRecord,
  ApiRootRecord,
  CollectionRecord,
  DirectoryKeep,
  GrantRecord,
  OrgRecord,
  PruneReport,
  TrustGroupRecord,
  UserRecord,
} from './directory-records.js';
export type { FactCheckRow, FactCheckVector, FactCheckWrite } from './factcheck-records.js';
export type { AckRecord, ContactCardRecord, SightingRecord } from './feedback-records.js';
export type {
  AddObjectsRequest,
  ObjectFilter,
  ObjectInput,
  ObjectQuery,
  Page,
  StatusDetail,
  StatusRecord,
  StoredObject,
  VersionTerm,
} from './object-records.js';
export type { RunAccountRow, RunAudience, RunRecord, RunWrite, SessionRecord } from './run-records.js';
export { DEFAULT_TLP_POLICY, TLP_LEVELS } from './visibility.js';
export type { Audience, Tlp, TlpPolicy, Visibility, VisibilityRule } from './visibility.js';
export type { WatchlistRecord, WatchlistUpdateResult } from './watchlist-records.js';

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
