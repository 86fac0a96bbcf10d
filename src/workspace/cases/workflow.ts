/**
 * A case's workflow and its TLP floor. The statuses follow issue #11 (new → triage → confirmed /
 * dismissed → shared → closed), as the triage queues of OpenCTI's cases and incident trackers run
 * them; a closed or dismissed case can be reopened into triage, never silently back to "new".
 *
 * TLP floor: a case repeats what its run shows, so it may be marked as restrictive as the analyst
 * likes but never less restrictive than the run (TLP 2.0: a recipient may not widen the audience).
 */
import type { CaseStatusName } from '../case-schema.js';
import type { RunTlp } from '../api-schema.js';

const NEXT: Record<CaseStatusName, readonly CaseStatusName[]> = {
  new: ['triage', 'dismissed'],
  triage: ['confirmed', 'dismissed'],
  confirmed: ['shared', 'triage', 'closed'],
  dismissed: ['triage', 'closed'],
  shared: ['closed'],
  closed: ['triage'],
};

export function nextStatuses(from: CaseStatusName): readonly CaseStatusName[] {
  return NEXT[from];
}

/** Why a move is refused, in words for the API's 422; undefined when it is allowed. */
export function transitionError(from: CaseStatusName, to: CaseStatusName): string | undefined {
  if (NEXT[from].includes(to)) return undefined;
  return `a case cannot go from ${from} to ${to}; from ${from} it may go to ${NEXT[from].join(', ')}`;
}

/** Least to most restrictive. */
const ORDER: readonly RunTlp[] = ['clear', 'green', 'amber', 'amber+strict', 'red'];

export function atLeast(tlp: RunTlp, floor: RunTlp): boolean {
  return ORDER.indexOf(tlp) >= ORDER.indexOf(floor);
}
