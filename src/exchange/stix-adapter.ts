/**
 * The exchange's only doors into the STIX capability: validation of posted objects and their TLP
 * level. Kept to these two functions so a change of validator is a one-line change here.
 */
import { validateObject } from '../stix/validate.js';
import { tlpOf } from '../stix/tlp.js';
import type { Tlp } from '../store/store.js';

export function checkStix(obj: unknown): { ok: boolean; errors: string[] } {
  return validateObject(obj);
}

/** The object's TLP 2.0 level (most restrictive official marking), `none` when unmarked. */
export function tlpFor(obj: Record<string, unknown>, markingDefinitions: Record<string, unknown>[]): Tlp {
  return tlpOf(obj, markingDefinitions) ?? 'none';
}
