/**
 * The STIX 2.1 rules the OASIS JSON schemas cannot express (their README lists several): identifier
 * form and type prefix, the object types each `*_ref`/`*_refs` may point to, and TLP marking
 * definitions that must carry the official ids (timestamps and their ordering: timestamp-rules.ts). Each check returns plain sentences naming the property.
 */
import { META_TYPES, SDO_TYPES, SRO_TYPES, isRecord } from './types.js';
import {
  OPENCTI_AMBER_STRICT_ID,
  TLP1_IDS,
  TLP2_EXTENSION_ID,
  TLP2_IDS,
  claimedTlp,
  tlpOfMarkingId,
} from './tlp.js';

/** RFC 4122 UUID (versions 1–5, variant 10xx), as the OASIS identifier schema requires. */
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}';
const IDENTIFIER = new RegExp(`^([a-z0-9][a-z0-9-]*[a-z0-9])--(${UUID})$`);

const ANY_SDO_OR_SCO = '*sdo-sco';
const ANY_SCO = '*sco';
const ANY = '*';

/**
 * Allowed target types per reference property (spec §3–§6). Keys are `type.property` or `*.property`;
 * values are types or one of the wildcards above.
 */
const REF_TARGETS: Readonly<Record<string, readonly string[]>> = {
  '*.created_by_ref': ['identity'],
  '*.object_marking_refs': ['marking-definition'],
  '*.marking_ref': ['marking-definition'],
  'relationship.source_ref': [ANY_SDO_OR_SCO],
  'relationship.target_ref': [ANY_SDO_OR_SCO],
  'sighting.sighting_of_ref': [ANY_SDO_OR_SCO],
  'sighting.observed_data_refs': ['observed-data'],
  'sighting.where_sighted_refs': ['identity', 'location'],
  'report.object_refs': [ANY],
  'note.object_refs': [ANY],
  'opinion.object_refs': [ANY],
  'grouping.object_refs': [ANY],
  'observed-data.object_refs': [ANY_SCO, 'relationship'],
  'language-content.object_ref': [ANY],
  'malware.operating_system_refs': ['software'],
  'malware.sample_refs': ['file', 'artifact'],
  'malware-analysis.host_vm_ref': ['software'],
  'malware-analysis.operating_system_ref': ['software'],
  'malware-analysis.installed_software_refs': ['software'],
  'malware-analysis.analysis_sco_refs': [ANY_SCO],
  'malware-analysis.sample_ref': ['file', 'network-traffic', 'artifact'],
  'directory.contains_refs': ['file', 'directory'],
  'domain-name.resolves_to_refs': ['ipv4-addr', 'ipv6-addr', 'domain-name'],
  'email-addr.belongs_to_ref': ['user-account'],
  'email-message.from_ref': ['email-addr'],
  'email-message.sender_ref': ['email-addr'],
  'email-message.to_refs': ['email-addr'],
  'email-message.cc_refs': ['email-addr'],
  'email-message.bcc_refs': ['email-addr'],
  'email-message.raw_email_ref': ['artifact'],
  'email-message.body_raw_ref': ['artifact', 'file'],
  'file.parent_directory_ref': ['directory'],
  'file.contains_refs': [ANY_SCO],
  'file.content_ref': ['artifact'],
  'ipv4-addr.resolves_to_refs': ['mac-addr'],
  'ipv4-addr.belongs_to_refs': ['autonomous-system'],
  'ipv6-addr.resolves_to_refs': ['mac-addr'],
  'ipv6-addr.belongs_to_refs': ['autonomous-system'],
  'network-traffic.src_ref': ['ipv4-addr', 'ipv6-addr', 'mac-addr', 'domain-name'],
  'network-traffic.dst_ref': ['ipv4-addr', 'ipv6-addr', 'mac-addr', 'domain-name'],
  'network-traffic.src_payload_ref': ['artifact'],
  'network-traffic.dst_payload_ref': ['artifact'],
  'network-traffic.encapsulates_refs': ['network-traffic'],
  'network-traffic.encapsulated_by_ref': ['network-traffic'],
  'process.opened_connection_refs': ['network-traffic'],
  'process.creator_user_ref': ['user-account'],
  'process.image_ref': ['file'],
  'process.parent_ref': ['process'],
  'process.child_refs': ['process'],
  'windows-registry-key.creator_user_ref': ['user-account'],
};

/** Source/target types for the relationship types Lockstep writes or that partners commonly send. */
const RELATIONSHIP_RULES: Readonly<
  Record<string, { source: readonly string[]; target?: readonly string[] }>
> = {
  indicates: {
    source: ['indicator'],
    target: [
      'attack-pattern',
      'campaign',
      'infrastructure',
      'intrusion-set',
      'malware',
      'threat-actor',
      'tool',
    ],
  },
  'attributed-to': {
    source: ['campaign', 'intrusion-set', 'threat-actor'],
    target: ['intrusion-set', 'threat-actor', 'identity'],
  },
  'based-on': { source: ['indicator'], target: ['observed-data'] },
  uses: {
    source: [
      'attack-pattern',
      'campaign',
      'intrusion-set',
      'threat-actor',
      'malware',
      'tool',
      'infrastructure',
    ],
  },
};

function typeOfId(id: string): string | undefined {
  return IDENTIFIER.exec(id)?.[1];
}

function isSco(type: string): boolean {
  // Custom observables are only recognisable by their id scheme, so x- types count on both sides.
  return !SDO_TYPES.has(type) && !SRO_TYPES.has(type) && !META_TYPES.has(type) && type !== 'bundle';
}

function targetAllowed(type: string, allowed: readonly string[]): boolean {
  for (const a of allowed) {
    if (a === ANY) return true;
    if (a === ANY_SDO_OR_SCO && !SRO_TYPES.has(type) && !META_TYPES.has(type) && type !== 'bundle')
      return true;
    if (a === ANY_SCO && isSco(type)) return true;
    if (a === type) return true;
  }
  return false;
}

function describeAllowed(allowed: readonly string[]): string {
  return allowed
    .map((a) => (a === ANY_SDO_OR_SCO ? 'an SDO or SCO' : a === ANY_SCO ? 'an SCO' : a))
    .join(' or ');
}

export function checkIdentifier(obj: Record<string, unknown>): string[] {
  const id = obj.id;
  if (typeof id !== 'string') return ['id: must be a string of the form type--UUID'];
  const m = IDENTIFIER.exec(id);
  if (!m) return [`id: "${id}" is not of the form type--UUID (RFC 4122 UUID)`];
  if (typeof obj.type === 'string' && m[1] !== obj.type) {
    return [`id: prefix "${m[1]}" does not match type "${obj.type}"`];
  }
  return [];
}

function collectRefs(obj: Record<string, unknown>): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [k, v] of Object.entries(obj)) {
    if (k.endsWith('_ref') || k.endsWith('_refs')) out.push([k, v]);
  }
  if (Array.isArray(obj.granular_markings)) {
    obj.granular_markings.forEach((g, i) => {
      if (isRecord(g) && 'marking_ref' in g) out.push([`granular_markings[${i}].marking_ref`, g.marking_ref]);
    });
  }
  if (Array.isArray(obj.body_multipart)) {
    obj.body_multipart.forEach((p, i) => {
      if (isRecord(p) && 'body_raw_ref' in p) out.push([`body_multipart[${i}].body_raw_ref`, p.body_raw_ref]);
    });
  }
  return out;
}

export function checkReferences(obj: Record<string, unknown>): string[] {
  const errors: string[] = [];
  const type = typeof obj.type === 'string' ? obj.type : '';
  for (const [path, value] of collectRefs(obj)) {
    const prop = path.replace(/^.*\./, '');
    const list = path.endsWith('_refs') ? value : [value];
    if (!Array.isArray(list)) {
      errors.push(`${path}: must be a list of identifiers`);
      continue;
    }
    const allowed = REF_TARGETS[`${type}.${prop}`] ?? REF_TARGETS[`*.${prop}`];
    list.forEach((ref, i) => {
      const at = path.endsWith('_refs') ? `${path}[${i}]` : path;
      const refType = typeof ref === 'string' ? typeOfId(ref) : undefined;
      if (refType === undefined) {
        errors.push(`${at}: ${JSON.stringify(ref)} is not an identifier (type--UUID)`);
      } else if (allowed && !targetAllowed(refType, allowed)) {
        errors.push(`${at}: points to a ${refType}, must point to ${describeAllowed(allowed)}`);
      } else if (ref === obj.id && (prop === 'object_marking_refs' || prop === 'marking_ref')) {
        errors.push(`${at}: an object must not mark itself`);
      }
    });
  }
  if (type === 'relationship') errors.push(...checkRelationship(obj));
  return errors;
}

function checkRelationship(obj: Record<string, unknown>): string[] {
  const rt = obj.relationship_type;
  if (typeof rt !== 'string') return [];
  const rule = RELATIONSHIP_RULES[rt];
  if (!rule) return [];
  const errors: string[] = [];
  const s = typeof obj.source_ref === 'string' ? typeOfId(obj.source_ref) : undefined;
  const t = typeof obj.target_ref === 'string' ? typeOfId(obj.target_ref) : undefined;
  if (s !== undefined && !rule.source.includes(s)) {
    errors.push(
      `source_ref: a "${rt}" relationship cannot start at a ${s} (allowed: ${rule.source.join(', ')})`,
    );
  }
  if (t !== undefined && rule.target && !rule.target.includes(t)) {
    errors.push(
      `target_ref: a "${rt}" relationship cannot end at a ${t} (allowed: ${rule.target.join(', ')})`,
    );
  }
  return errors;
}

function selectorResolves(obj: unknown, selector: string): boolean {
  let cur: unknown = obj;
  for (const step of selector.split('.')) {
    const index = /^\[(\d+)\]$/.exec(step);
    if (index) {
      if (!Array.isArray(cur) || Number(index[1]) >= cur.length) return false;
      cur = cur[Number(index[1])];
    } else {
      if (!isRecord(cur) || !(step in cur)) return false;
      cur = cur[step];
    }
  }
  return true;
}

/** STIX 2.1 §7.2.3: every granular-marking selector must name a property or list item the object has. */
export function checkGranularSelectors(obj: Record<string, unknown>): string[] {
  if (!Array.isArray(obj.granular_markings)) return [];
  const errors: string[] = [];
  obj.granular_markings.forEach((g, i) => {
    if (!isRecord(g) || !Array.isArray(g.selectors)) return;
    for (const sel of g.selectors) {
      if (typeof sel === 'string' && !selectorResolves(obj, sel)) {
        errors.push(`granular_markings[${i}].selectors: "${sel}" does not select anything in the object`);
      }
    }
  });
  return errors;
}

/** A marking definition that claims a TLP level must be the official object for that level. */
export function checkTlp(obj: Record<string, unknown>): string[] {
  if (obj.type !== 'marking-definition' || typeof obj.id !== 'string') return [];
  const claimed = claimedTlp(obj);
  const official = tlpOfMarkingId(obj.id);
  if (claimed === undefined) {
    return official === undefined
      ? []
      : [`id: ${obj.id} is an official TLP id but the object defines no TLP level`];
  }
  const id = obj.id.toLowerCase();
  if (id === OPENCTI_AMBER_STRICT_ID && claimed === 'amber+strict') return [];
  const usesTlp2 = isRecord(obj.extensions) && TLP2_EXTENSION_ID in obj.extensions;
  const expected: string | undefined = usesTlp2
    ? TLP2_IDS[claimed]
    : claimed === 'clear'
      ? TLP1_IDS.white
      : claimed === 'amber+strict'
        ? undefined
        : TLP1_IDS[claimed];
  if (expected === undefined) return [`definition: TLP 1.0 has no AMBER+STRICT level`];
  if (id !== expected) {
    return [`id: ${obj.id} is not the official id for TLP:${claimed.toUpperCase()} (${expected})`];
  }
  return [];
}
