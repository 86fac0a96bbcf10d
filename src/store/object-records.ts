/**
 * STIX objects in the store (sql/objects.ts): what an add request carries (objects with their TLP
 * and ownership claims, each version kept), the TAXII status resource it writes, objects as stored,
 * and the filters and keyset pages (cursor.ts) that read them back.
 */
import type { Tlp, Visibility } from './visibility.js';

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
