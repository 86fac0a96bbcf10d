/**
 * What may leave this side for another server, by TLP 2.0 (FIRST, 2022):
 * - AMBER+STRICT is for the producer's organisation only and RED for named people; a copy on another
 *   organisation's server is already a disclosure, whatever that server would then enforce. Sync
 *   never sends them; `push` sends them only when the caller raises the ceiling explicitly (a user
 *   posting to a collection whose server enforces RED recipients, e.g. Lockstep's own).
 * - Otherwise an object goes when its level is at or below the ceiling (default AMBER: the remote
 *   side is a trust-group partner).
 * - Unmarked objects go unless `unmarked: 'skip'`; marking definitions always go (they are public
 *   and the marked objects need them).
 *
 * The level is read with src/stix `tlpOf` (object and granular markings, official TLP 1.0/2.0 ids and
 * OpenCTI's AMBER+STRICT id; look-alike marking definitions never lower a level).
 */
import { tlpAllows, tlpOf } from '../../stix/tlp.js';
import type { TlpLevel } from '../../stix/tlp.js';

export interface TlpPolicy {
  /** Highest level sent (default amber). */
  ceiling: TlpLevel;
  unmarked: 'send' | 'skip';
  /** Allow AMBER+STRICT / RED at all (push only, never sync). */
  allowRestricted: boolean;
}

export const SYNC_POLICY: TlpPolicy = { ceiling: 'amber', unmarked: 'send', allowRestricted: false };

export type PolicyVerdict = { send: true } | { send: false; reason: string };

export function mayLeave(object: Record<string, unknown>, policy: TlpPolicy): PolicyVerdict {
  if (object.type === 'marking-definition') return { send: true };
  const level = tlpOf(object);
  if (level === undefined)
    return policy.unmarked === 'send'
      ? { send: true }
      : { send: false, reason: 'unmarked (--unmarked skip)' };
  if ((level === 'amber+strict' || level === 'red') && !policy.allowRestricted)
    return { send: false, reason: `TLP:${level.toUpperCase()} never leaves for another server` };
  if (!tlpAllows(policy.ceiling, level))
    return {
      send: false,
      reason: `TLP:${level.toUpperCase()} is above the ceiling TLP:${policy.ceiling.toUpperCase()}`,
    };
  return { send: true };
}
