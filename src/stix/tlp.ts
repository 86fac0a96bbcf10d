/**
 * Traffic Light Protocol markings: the official TLP 2.0 marking-definition objects (published by OASIS
 * in cti-stix-common-objects, extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d) and the
 * TLP 1.0 ids predefined by the STIX 2.1 specification (section 7.2.1.4), which partners still send.
 * The exchange uses `tlpOf` to decide what may be shared with whom, so unknown ids never count as TLP.
 */
import type { StixObject } from './types.js';
import { isRecord } from './types.js';

export type TlpLevel = 'clear' | 'green' | 'amber' | 'amber+strict' | 'red';

export const TLP_LEVELS: readonly TlpLevel[] = ['clear', 'green', 'amber', 'amber+strict', 'red'];

/** Restriction order: a higher rank shares with fewer people. */
const RANK: Readonly<Record<TlpLevel, number>> = {
  clear: 0,
  green: 1,
  amber: 2,
  'amber+strict': 3,
  red: 4,
};

export const TLP2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

/** The timestamp OASIS gave every TLP 2.0 marking definition; part of the published objects. */
const TLP2_CREATED = '2022-10-01T00:00:00.000Z';

/** Official TLP 2.0 marking-definition ids (OASIS cti-stix-common-objects, tlp-2.0). */
export const TLP2_IDS: Readonly<Record<TlpLevel, string>> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

/** TLP 1.0 ids predefined in STIX 2.1 §7.2.1.4; WHITE is read as CLEAR (TLP 2.0 renamed it). */
export const TLP1_IDS: Readonly<Record<'white' | 'green' | 'amber' | 'red', string>> = {
  white: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
  green: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
  amber: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
  red: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
};

/**
 * OpenCTI ships TLP:AMBER+STRICT under its own fixed id (TLP 1.0 had no such level and OpenCTI predates
 * the OASIS TLP 2.0 objects). Partners running OpenCTI send it, so it is recognised on import — never
 * written by Lockstep, and never read as anything less restrictive than amber+strict.
 */
export const OPENCTI_AMBER_STRICT_ID = 'marking-definition--826578e1-40ad-459f-bc73-ede076f81f37';

const LEVEL_BY_ID: ReadonlyMap<string, TlpLevel> = new Map<string, TlpLevel>([
  [OPENCTI_AMBER_STRICT_ID, 'amber+strict'],
  ...TLP_LEVELS.map((l) => [TLP2_IDS[l], l] as [string, TlpLevel]),
  [TLP1_IDS.white, 'clear'],
  [TLP1_IDS.green, 'green'],
  [TLP1_IDS.amber, 'amber'],
  [TLP1_IDS.red, 'red'],
]);

export interface TlpMarkingDefinition extends StixObject {
  type: 'marking-definition';
  spec_version: '2.1';
  id: string;
  created: string;
  name: string;
  extensions: Record<string, { extension_type: 'property-extension'; tlp_2_0: TlpLevel }>;
}

function tlp2Object(level: TlpLevel): TlpMarkingDefinition {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP2_IDS[level],
    created: TLP2_CREATED,
    name: `TLP:${level.toUpperCase()}`,
    extensions: {
      [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: level },
    },
  };
}

/** The official TLP 2.0 marking-definition objects, as OASIS publishes them. */
export const TLP2_MARKINGS: Readonly<Record<TlpLevel, TlpMarkingDefinition>> = {
  clear: tlp2Object('clear'),
  green: tlp2Object('green'),
  amber: tlp2Object('amber'),
  'amber+strict': tlp2Object('amber+strict'),
  red: tlp2Object('red'),
};

export function isTlpLevel(s: string): s is TlpLevel {
  return (TLP_LEVELS as readonly string[]).includes(s);
}

/** Parses a CLI/API spelling: "amber+strict", "TLP:AMBER+STRICT", "white" (→ clear). */
export function parseTlp(s: string): TlpLevel | undefined {
  const v = s.trim().toLowerCase().replace(/^tlp:/, '');
  if (v === 'white') return 'clear';
  return isTlpLevel(v) ? v : undefined;
}

/**
 * The TLP level an official (TLP 1.0 or 2.0) marking-definition id stands for. The UUID part is
 * compared case-insensitively (RFC 4122 §3: hex digits are case-insensitive on input), so
 * `marking-definition--E828B379-…` is RED, never "unmarked".
 */
export function tlpOfMarkingId(id: string): TlpLevel | undefined {
  return LEVEL_BY_ID.get(id.toLowerCase());
}

/** The TLP level a marking-definition object claims (by TLP 2.0 extension or TLP 1.0 definition). */
export function claimedTlp(md: Record<string, unknown>): TlpLevel | undefined {
  const ext = isRecord(md.extensions) ? md.extensions[TLP2_EXTENSION_ID] : undefined;
  if (isRecord(ext) && typeof ext.tlp_2_0 === 'string') return parseTlp(ext.tlp_2_0);
  if (md.definition_type === 'tlp' && isRecord(md.definition) && typeof md.definition.tlp === 'string') {
    return parseTlp(md.definition.tlp);
  }
  // OpenCTI's own spelling: definition_type "TLP", definition { TLP: "TLP:AMBER+STRICT" }.
  if (md.definition_type === 'TLP' && isRecord(md.definition) && typeof md.definition.TLP === 'string') {
    return parseTlp(md.definition.TLP);
  }
  if (typeof md.name === 'string' && /^TLP:/i.test(md.name)) return parseTlp(md.name);
  return undefined;
}

export function mostRestrictive(levels: Iterable<TlpLevel>): TlpLevel | undefined {
  let best: TlpLevel | undefined;
  for (const l of levels) if (best === undefined || RANK[l] > RANK[best]) best = l;
  return best;
}

/** True when `level` may be shared at or below `ceiling` (e.g. green under an amber ceiling). */
export function tlpAllows(ceiling: TlpLevel, level: TlpLevel): boolean {
  return RANK[level] <= RANK[ceiling];
}

/**
 * The TLP level of an object: the most restrictive of its object_marking_refs (and granular marking
 * refs) that are official TLP ids, or marking definitions passed in `markingDefinitions` that claim a
 * TLP level *and* carry the official id for it (a look-alike with another id is ignored, never trusted).
 * A TLP marking-definition object is not itself marked (it is public). Returns undefined when unmarked.
 */
export function tlpOf(
  object: Record<string, unknown>,
  markingDefinitions?: Iterable<Record<string, unknown>>,
): TlpLevel | undefined {
  const byId = new Map<string, TlpLevel>();
  for (const md of markingDefinitions ?? []) {
    if (typeof md.id !== 'string') continue;
    const claimed = claimedTlp(md);
    if (claimed !== undefined && tlpOfMarkingId(md.id) === claimed) byId.set(md.id.toLowerCase(), claimed);
  }
  const refs: string[] = [];
  if (Array.isArray(object.object_marking_refs)) {
    for (const r of object.object_marking_refs) if (typeof r === 'string') refs.push(r);
  }
  if (Array.isArray(object.granular_markings)) {
    for (const g of object.granular_markings) {
      if (isRecord(g) && typeof g.marking_ref === 'string') refs.push(g.marking_ref);
    }
  }
  const levels: TlpLevel[] = [];
  for (const r of refs) {
    const l = byId.get(r.toLowerCase()) ?? tlpOfMarkingId(r);
    if (l !== undefined) levels.push(l);
  }
  return mostRestrictive(levels);
}
