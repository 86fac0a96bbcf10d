/**
 * Deterministic STIX identifiers. Lockstep's own objects get UUIDv5 ids over a stable key in
 * Lockstep's namespace, so the same finding always gets the same id and a partner's store updates
 * instead of duplicating. Cyber-observables follow STIX 2.1 §2.9: UUIDv5 in the SCO namespace over the
 * RFC 8785 (JCS) canonical JSON of the type's ID-contributing properties.
 */
import { v5 as uuidv5 } from 'uuid';
import canonicalize from 'canonicalize';

/** Lockstep's UUIDv5 namespace (a fixed random UUID; never change it, or every id changes). */
export const LOCKSTEP_NAMESPACE = '38131ab2-45c8-4264-b7fb-9beb3f194286';

/** The namespace STIX 2.1 §2.9 fixes for deterministic cyber-observable ids. */
export const SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/** ID-contributing properties per SCO type (STIX 2.1 §6, "ID Contributing Properties"). */
export const SCO_ID_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  'user-account': ['account_type', 'user_id', 'account_login'],
  url: ['value'],
  'domain-name': ['value'],
  'email-addr': ['value'],
  'ipv4-addr': ['value'],
  'ipv6-addr': ['value'],
};

function canonical(value: unknown): string {
  const s = canonicalize(value);
  if (s === undefined) throw new TypeError('value has no JSON form');
  return s;
}

/** `type--UUIDv5(Lockstep namespace, JCS([type, ...key]))`. */
export function lockstepId(type: string, key: readonly unknown[]): string {
  return `${type}--${uuidv5(canonical([type, ...key]), LOCKSTEP_NAMESPACE)}`;
}

/** The STIX 2.1 deterministic id of a cyber-observable, from its ID-contributing properties. */
export function scoId(type: string, object: Readonly<Record<string, unknown>>): string {
  const props = SCO_ID_PROPERTIES[type];
  if (!props) throw new TypeError(`no ID-contributing properties known for ${type}`);
  const contributing: Record<string, unknown> = {};
  for (const p of props) if (object[p] !== undefined) contributing[p] = object[p];
  return `${type}--${uuidv5(canonical(contributing), SCO_NAMESPACE)}`;
}

/** A STIX timestamp with millisecond precision, as `created`/`modified` require. */
export function stixTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}
