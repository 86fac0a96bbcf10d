/**
 * The stix capability's public surface: mapping findings to STIX 2.1 and back, validation against the
 * OASIS schemas plus spec rules, TLP 2.0 helpers and the DISARM mapping. Other folders import from here.
 */
export { toStixBundle, inferAccountType, producerIdentity } from './map.js';
export type { ExportOptions } from './map.js';
export { importBundle } from './import.js';
export type { ImportResult, RejectedObject, BundleSource } from './import.js';
export { validateObject, validateObjects, assertValidObject } from './validate.js';
export type { ObjectReport } from './validate.js';
export {
  TLP_LEVELS,
  TLP2_IDS,
  TLP1_IDS,
  TLP2_MARKINGS,
  TLP2_EXTENSION_ID,
  OPENCTI_AMBER_STRICT_ID,
  tlpOf,
  tlpOfMarkingId,
  tlpAllows,
  parseTlp,
  mostRestrictive,
} from './tlp.js';
export type { TlpLevel, TlpMarkingDefinition } from './tlp.js';
export { DISARM_BY_BEHAVIOUR } from './disarm.js';
export type { DisarmTechnique } from './disarm.js';
export { lockstepId, scoId, LOCKSTEP_NAMESPACE, SCO_NAMESPACE } from './ids.js';
export { latestVersions } from './versioning.js';
export type { StixObject, StixBundle, ValidationResult } from './types.js';
