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
}

/**
 * Which rows a caller may see: a row is visible when some rule has its TLP and lists its producer
 * (or `any`). `undefined` in a query means no filtering (administrative access).
 */
export type Visibility = readonly { tlp: Tlp; producers: readonly string[] | 'any' }[];

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
}
