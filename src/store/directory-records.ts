/**
 * The exchange's directory records (sql/directory.ts, sql/revocation.ts): API roots, collections,
 * organisations, users, API keys, trust groups and grants — who exists and who may read or write
 * which collection — and what a configuration prune keeps and removes.
 */
import type { TlpPolicy } from './visibility.js';

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

/** What the configuration names; `Store.pruneDirectory` (store.ts) removes or retires everything else. */
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
