/**
 * STIX 2.1 objects for watch hits: one `domain-name` SCO per observed lookalike and one `indicator`
 * (pattern `[domain-name:value = '…']`) per (observed, protected) pair, in a `bundle` — with the TLP
 * marking and producer identity the caller passes (the CLI always passes both, as `export` does).
 *
 * Ids are deterministic UUIDv5 (RFC 4122 §4.3): SCOs use the STIX 2.1 namespace
 * 00abedb4-aa42-466c-9c01-fed23315a9b7 over the canonical JSON of their id-contributing property
 * (`{"value":"…"}`, spec §2.9), so any producer derives the same id; indicators and the bundle use a
 * Lockstep namespace over stable text. Built here until src/stix/ offers shared helpers.
 * Cost: O(hits).
 */
import { createHash } from 'node:crypto';
import type { WatchHit } from './matcher.js';

const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';
/** UUIDv5(DNS namespace, "lockstep.lookalikes") — fixed so ids stay stable across releases. */
const LOCKSTEP_NAMESPACE = 'e16355fe-e3e3-57b3-8603-0979327c12e9';

export function uuidv5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** STIX patterning string literal: backslash and quote escaped. */
export function stixString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export interface StixOptions {
  /** Timestamp for created/modified/valid_from (ISO 8601); pass one for reproducible output. */
  readonly now?: string;
  /**
   * The TLP marking-definition object (the exchange decides who sees what by it): every indicator and
   * SCO is marked with it and the bundle carries it. The CLI passes an official TLP 2.0 object.
   */
  readonly marking?: StixObject;
  /** The producing organisation's `identity`: carried first and named by every indicator's `created_by_ref`. */
  readonly producer?: StixObject;
}

export type StixObject = Record<string, unknown> & { type: string; id: string };

export function domainNameSco(value: string): StixObject {
  return {
    type: 'domain-name',
    spec_version: '2.1',
    id: `domain-name--${uuidv5(JSON.stringify({ value }), STIX_SCO_NAMESPACE)}`,
    value,
  };
}

export function lookalikeIndicator(hit: WatchHit, now: string, createdBy?: string): StixObject {
  const shown = hit.unicode !== hit.observed ? ` (${hit.unicode})` : '';
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${uuidv5(`lookalike|${hit.protected}|${hit.observed}`, LOCKSTEP_NAMESPACE)}`,
    ...(createdBy !== undefined ? { created_by_ref: createdBy } : {}),
    created: now,
    modified: now,
    name: `Lookalike of ${hit.protected}: ${hit.observed}`,
    description:
      `${hit.observed}${shown} resembles the protected domain ${hit.protected} ` +
      `(score ${hit.score}; ${hit.reasons.join(', ')}).`,
    indicator_types: ['anomalous-activity'],
    pattern: `[domain-name:value = ${stixString(hit.observed)}]`,
    pattern_type: 'stix',
    valid_from: now,
    labels: ['lookalike-domain', ...hit.reasons.map((r) => `lookalike:${r}`)],
    confidence: Math.round(hit.score * 100),
  };
}

/** A bundle with one SCO per observed domain and one indicator per hit, in input order. */
export function hitsToBundle(hits: readonly WatchHit[], options: StixOptions = {}): StixObject {
  const now = options.now ?? new Date().toISOString();
  const { marking, producer } = options;
  const marks = marking ? { object_marking_refs: [marking.id] } : {};
  const objects: StixObject[] = [];
  if (marking) objects.push(marking);
  if (producer) objects.push(producer);
  const scos = new Set<string>();
  for (const h of hits) {
    if (!scos.has(h.observed)) {
      scos.add(h.observed);
      objects.push({ ...domainNameSco(h.observed), ...marks });
    }
    objects.push({ ...lookalikeIndicator(h, now, producer?.id), ...marks });
  }
  const ids = objects.map((o) => o.id).join(',');
  return { type: 'bundle', id: `bundle--${uuidv5(ids, LOCKSTEP_NAMESPACE)}`, objects };
}
