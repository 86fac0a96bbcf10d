/**
 * Reads STIX 2.1 bundles from partners (MISP's STIX 2.1 export, OpenCTI, any spec-conformant
 * producer): validates object by object, keeps valid objects exactly as received (custom properties
 * such as x_misp_* or OpenCTI's extension stay), and rejects the invalid ones with per-object reasons
 * instead of failing the whole bundle. Only a document that is not a STIX 2.1 bundle at all is an error.
 *
 * Cost: one validation per object (validate.ts) plus O(references) look-ups for the warnings.
 */
import { LockstepError } from '../core/errors.js';
import { type TlpLevel, tlpOf, tlpOfMarkingId } from './tlp.js';
import type { StixObject } from './types.js';
import { isRecord } from './types.js';
import { validateObject } from './validate.js';

/** OpenCTI's property extensions for SDOs/SROs and for observables. */
const OPENCTI_EXTENSIONS = [
  'extension-definition--ea279b3e-5c71-4632-ac08-831c66a786ba',
  'extension-definition--f93e2c80-4231-4f9a-af8b-95c9bd566a82',
];

export type BundleSource = 'misp' | 'opencti' | 'lockstep' | 'stix';

export interface RejectedObject {
  index: number;
  id?: string;
  type?: string;
  reasons: string[];
}

export interface ImportResult {
  /** Bundle id as received. */
  bundleId: string;
  /** Which producer the bundle looks like (by its custom properties and labels). */
  source: BundleSource;
  /** Valid objects, unchanged. */
  objects: StixObject[];
  rejected: RejectedObject[];
  /** TLP level per accepted object id (undefined when unmarked). */
  tlp: Map<string, TlpLevel | undefined>;
  /** Non-fatal findings, e.g. references to objects the bundle does not carry. */
  warnings: string[];
}

function parse(json: unknown): unknown {
  if (typeof json !== 'string') return json;
  try {
    return JSON.parse(json) as unknown;
  } catch (e) {
    throw new LockstepError('ERR_STIX_BAD_BUNDLE', `not JSON: ${(e as Error).message}`, {}, { cause: e });
  }
}

function detectSource(objects: readonly unknown[]): BundleSource {
  let misp = false;
  let opencti = false;
  let lockstep = false;
  for (const o of objects) {
    if (!isRecord(o)) continue;
    const type = typeof o.type === 'string' ? o.type : '';
    const keys = Object.keys(o);
    if (type.startsWith('x-misp-') || keys.some((k) => k.startsWith('x_misp_'))) misp = true;
    if (Array.isArray(o.labels) && o.labels.some((l) => typeof l === 'string' && l.startsWith('misp:')))
      misp = true;
    if (keys.some((k) => k.startsWith('x_opencti_'))) opencti = true;
    if (isRecord(o.extensions) && OPENCTI_EXTENSIONS.some((e) => e in (o.extensions as object)))
      opencti = true;
    if (keys.some((k) => k.startsWith('x_lockstep_'))) lockstep = true;
  }
  return opencti ? 'opencti' : misp ? 'misp' : lockstep ? 'lockstep' : 'stix';
}

function refsOf(o: StixObject): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (k.endsWith('_ref') && typeof v === 'string') out.push(v);
    else if (k.endsWith('_refs') && Array.isArray(v))
      for (const r of v) if (typeof r === 'string') out.push(r);
  }
  return out;
}

/**
 * Imports a STIX 2.1 bundle (JSON text or parsed value).
 *
 * @example
 * const { objects, rejected } = importBundle(await readFile('misp-event.json', 'utf8'));
 * for (const r of rejected) console.warn(r.id, r.reasons.join('; '));
 */
export function importBundle(json: unknown): ImportResult {
  const doc = parse(json);
  if (!isRecord(doc) || doc.type !== 'bundle') {
    throw new LockstepError(
      'ERR_STIX_BAD_BUNDLE',
      'not a STIX bundle: expected an object with "type": "bundle"',
    );
  }
  if (doc.spec_version === '2.0') {
    throw new LockstepError('ERR_STIX_BAD_BUNDLE', 'STIX 2.0 bundle: only STIX 2.1 is accepted');
  }
  if (typeof doc.id !== 'string' || !/^bundle--[0-9a-f-]{36}$/i.test(doc.id)) {
    throw new LockstepError('ERR_STIX_BAD_BUNDLE', `bundle id ${JSON.stringify(doc.id)} is not bundle--UUID`);
  }
  const list = doc.objects ?? [];
  if (!Array.isArray(list)) throw new LockstepError('ERR_STIX_BAD_BUNDLE', 'bundle "objects" must be a list');

  const objects: StixObject[] = [];
  const rejected: RejectedObject[] = [];
  const seen = new Set<string>();
  list.forEach((o: unknown, index) => {
    const rec = isRecord(o) ? o : undefined;
    const id = typeof rec?.id === 'string' ? rec.id : undefined;
    const type = typeof rec?.type === 'string' ? rec.type : undefined;
    const where = { index, ...(id ? { id } : {}), ...(type ? { type } : {}) };
    const r = validateObject(o);
    if (!r.ok) {
      rejected.push({ ...where, reasons: r.errors });
      return;
    }
    // The same version twice is a producer bug; keep the first, say so for the second.
    const version = `${id!}@${typeof rec!.modified === 'string' ? rec!.modified : ''}`;
    if (seen.has(version)) {
      rejected.push({ ...where, reasons: ['duplicate: the bundle already holds this id and version'] });
      return;
    }
    seen.add(version);
    objects.push(o as StixObject);
  });

  const ids = new Set(objects.map((o) => o.id));
  const markings = objects.filter((o) => o.type === 'marking-definition');
  const tlp = new Map<string, TlpLevel | undefined>();
  const warnings: string[] = [];
  for (const o of objects) {
    tlp.set(o.id, tlpOf(o, markings));
    for (const ref of refsOf(o)) {
      // Official TLP ids may be referenced without being carried (STIX 2.1 §7.2.1.4).
      if (!ids.has(ref) && tlpOfMarkingId(ref) === undefined) {
        warnings.push(`${o.id} refers to ${ref}, which the bundle does not contain`);
      }
    }
  }
  return { bundleId: doc.id, source: detectSource(list), objects, rejected, tlp, warnings };
}
