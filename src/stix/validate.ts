/**
 * Validates STIX 2.1 objects one by one: the OASIS JSON schema for the object's type (custom types get
 * the common-properties schema only) plus the spec rules the schemas miss (see rules.ts). Bundles are
 * never validated whole, because bundle.json rejects custom objects that STIX 2.1 allows.
 *
 * Cost: schemas compile once per process (lazily, on first call); each call then runs one compiled
 * Ajv function plus O(properties) rule checks.
 */
import type { ErrorObject } from 'ajv';
import { LockstepError } from '../core/errors.js';
import { loadSchemas } from './schemas.js';
import { stixPatternError } from './pattern-syntax.js';
import { checkGranularSelectors, checkIdentifier, checkReferences, checkTlp } from './rules.js';
import { checkTimestamps } from './timestamp-rules.js';
import type { StixObject, ValidationResult } from './types.js';
import { isRecord } from './types.js';

/** Extension types by which STIX 2.1 §7.3 lets producers define whole new object types. */
const NEW_TYPE_EXTENSIONS = new Set(['new-sdo', 'new-sco', 'new-sro']);

function declaresNewType(obj: Record<string, unknown>): boolean {
  if (!isRecord(obj.extensions)) return false;
  return Object.values(obj.extensions).some(
    (e) => isRecord(e) && typeof e.extension_type === 'string' && NEW_TYPE_EXTENSIONS.has(e.extension_type),
  );
}

function formatAjvError(e: ErrorObject): string {
  const path = e.instancePath ? e.instancePath.slice(1).replaceAll('/', '.') : '(object)';
  const p = e.params as Record<string, unknown>;
  let detail = '';
  if (typeof p.additionalProperty === 'string') detail = ` ("${p.additionalProperty}")`;
  else if (Array.isArray(p.allowedValues)) detail = ` (${p.allowedValues.map(String).join(', ')})`;
  else if (typeof p.pattern === 'string') detail = ` (${p.pattern})`;
  return `${path}: ${e.message ?? 'is invalid'}${detail}`;
}

/**
 * Ajv reports every failed branch of an anyOf separately; the branches are folded into one line per
 * property so a reader sees "must be a, or b" once instead of six contradictory messages.
 */
function ajvMessages(raw: readonly ErrorObject[]): string[] {
  const anyOfPaths = raw.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath);
  const folded = new Map<string, { path: string; parts: string[] }>();
  const out: string[] = [];
  for (const e of raw) {
    if (e.keyword === 'oneOf' || e.keyword === 'if') continue;
    const parent = anyOfPaths.find((p) => e.schemaPath.startsWith(`${p}/`));
    if (e.keyword === 'anyOf' || parent !== undefined) {
      const key = `${e.instancePath} ${parent ?? e.schemaPath}`;
      const entry = folded.get(key) ?? { path: e.instancePath, parts: [] };
      if (e.keyword !== 'anyOf') entry.parts.push((e.message ?? '').replace(/^must /, ''));
      folded.set(key, entry);
      continue;
    }
    out.push(formatAjvError(e));
  }
  for (const { path, parts } of folded.values()) {
    const where = path ? path.slice(1).replaceAll('/', '.') : '(object)';
    out.push(`${where}: must ${parts.length > 0 ? parts.join(', or ') : 'match one of the allowed forms'}`);
  }
  const unique = [...new Set(out)];
  return unique.length > 0 ? unique : ['(object): does not match the OASIS schema for its type'];
}

/** Indicators with `pattern_type: "stix"` must carry a pattern the STIX grammar accepts. */
function checkPattern(obj: Record<string, unknown>): string[] {
  if (obj.type !== 'indicator' || obj.pattern_type !== 'stix' || typeof obj.pattern !== 'string') return [];
  const e = stixPatternError(obj.pattern);
  return e === undefined ? [] : [`pattern: ${e}`];
}

/**
 * Validates one STIX 2.1 object (not a bundle).
 *
 * @example
 * const { ok, errors } = validateObject(JSON.parse(body));
 * if (!ok) reply.code(422).send({ errors });
 */
export function validateObject(obj: unknown): ValidationResult {
  if (!isRecord(obj)) return { ok: false, errors: ['(object): must be a JSON object'] };
  const type = obj.type;
  if (typeof type !== 'string' || type.length === 0) {
    return { ok: false, errors: ['type: missing (every STIX object has a type)'] };
  }
  if (type === 'bundle') {
    return { ok: false, errors: ['type: a bundle is a container; validate its objects one by one'] };
  }
  const schemas = loadSchemas();
  let validate = schemas.forType(type);
  const errors: string[] = [];
  if (!validate) {
    if (!type.startsWith('x-') && !declaresNewType(obj)) {
      errors.push(
        `type: "${type}" is not a STIX 2.1 type, and not a custom type (x- prefix or new-object extension)`,
      );
    }
    // Custom objects: SDO/SRO-like ones carry created/modified, observable-like ones do not.
    validate = 'created' in obj || 'modified' in obj ? schemas.core : schemas.observableCore;
  }
  if (!validate(obj)) errors.push(...ajvMessages(validate.errors ?? []));
  for (const e of [
    ...checkIdentifier(obj),
    ...checkTimestamps(obj),
    ...checkReferences(obj),
    ...checkTlp(obj),
    ...checkGranularSelectors(obj),
    ...checkPattern(obj),
  ]) {
    if (!errors.includes(e)) errors.push(e);
  }
  if (obj.spec_version !== undefined && obj.spec_version !== '2.1') {
    errors.push(`spec_version: ${JSON.stringify(obj.spec_version)} is not 2.1`);
  }
  return { ok: errors.length === 0, errors };
}

export interface ObjectReport extends ValidationResult {
  index: number;
  id?: string;
  type?: string;
}

/** Validates every object of a list (e.g. a bundle's `objects`); one report per object, in order. */
export function validateObjects(objects: readonly unknown[]): ObjectReport[] {
  return objects.map((o, index) => {
    const r = validateObject(o);
    const rec = isRecord(o) ? o : {};
    return {
      index,
      ...r,
      ...(typeof rec.id === 'string' ? { id: rec.id } : {}),
      ...(typeof rec.type === 'string' ? { type: rec.type } : {}),
    };
  });
}

/** Throws ERR_STIX_INVALID listing every reason when an object is invalid; returns it typed otherwise. */
export function assertValidObject(obj: unknown): StixObject {
  const r = validateObject(obj);
  if (!r.ok) {
    const id = isRecord(obj) && typeof obj.id === 'string' ? obj.id : '(no id)';
    throw new LockstepError('ERR_STIX_INVALID', `invalid STIX object ${id}: ${r.errors.join('; ')}`, {
      id,
      errors: r.errors,
    });
  }
  return obj as StixObject;
}
