/**
 * The STIX 2.1 shapes Lockstep reads and writes. Objects stay open records (`[k: string]: unknown`)
 * because partners' bundles carry custom properties (x_misp_*, x_opencti_*) that must survive import.
 */

/** Any STIX object: SDO, SCO, SRO or meta object. */
export interface StixObject {
  type: string;
  id: string;
  spec_version?: string;
  created?: string;
  modified?: string;
  [property: string]: unknown;
}

export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

export interface ValidationResult {
  ok: boolean;
  /** One plain sentence per problem, each naming the property it is about. */
  errors: string[];
}

/** The STIX 2.1 Domain Object types (spec section 4). */
export const SDO_TYPES: ReadonlySet<string> = new Set([
  'attack-pattern',
  'campaign',
  'course-of-action',
  'grouping',
  'identity',
  'incident',
  'indicator',
  'infrastructure',
  'intrusion-set',
  'location',
  'malware',
  'malware-analysis',
  'note',
  'observed-data',
  'opinion',
  'report',
  'threat-actor',
  'tool',
  'vulnerability',
]);

/** The STIX 2.1 Cyber-observable Object types (spec section 6). */
export const SCO_TYPES: ReadonlySet<string> = new Set([
  'artifact',
  'autonomous-system',
  'directory',
  'domain-name',
  'email-addr',
  'email-message',
  'file',
  'ipv4-addr',
  'ipv6-addr',
  'mac-addr',
  'mutex',
  'network-traffic',
  'process',
  'software',
  'url',
  'user-account',
  'windows-registry-key',
  'x509-certificate',
]);

export const SRO_TYPES: ReadonlySet<string> = new Set(['relationship', 'sighting']);

/** Meta objects: markings, language content, extension definitions. */
export const META_TYPES: ReadonlySet<string> = new Set([
  'marking-definition',
  'language-content',
  'extension-definition',
]);

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
