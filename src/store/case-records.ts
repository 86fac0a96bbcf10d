/**
 * The workspace's cases in the store (migration 7): an investigation owned by one org, marked with a
 * TLP, moving through a workflow, with an append-only trail of events (notes and pinned evidence
 * included). Kept apart from store.ts so the exchange's records stay legible.
 */
import type { Tlp } from './visibility.js';

/** The workflow, in order (transitions are decided by src/workspace/cases/workflow.ts). */
export const CASE_STATUSES = ['new', 'triage', 'confirmed', 'dismissed', 'shared', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export interface CaseRecord {
  /** `case-` and 16 hex digits. */
  id: string;
  org: string;
  tlp: Tlp;
  title: string;
  status: CaseStatus;
  /** A username of the same org, or null. */
  assignee: string | null;
  /** The run the case was opened from, and the network when opened from one. */
  runId: string | null;
  network: string | null;
  /** The accounts the case is about (in `runId`). */
  accounts: string[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** Bumped by every change: a write that names an older version is refused (optimistic concurrency). */
  version: number;
}

/** One entry of a case's trail, numbered from 1 per case. */
export interface CaseEventRecord {
  caseId: string;
  seq: number;
  at: string;
  /** Username of whoever acted. */
  actor: string;
  /** `opened`, `status`, `assignee`, `tlp`, `title`, `note`, `pin`, `unpin`, `shared`, `notified`. */
  kind: string;
  /** The event's facts (JSON text; shape owned by src/workspace/cases). */
  json: string;
}

export type CaseEventWrite = Omit<CaseEventRecord, 'caseId' | 'seq'>;

/** Fields a change may set; absent ones stay. */
export interface CasePatch {
  title?: string;
  status?: CaseStatus;
  assignee?: string | null;
  tlp?: Tlp;
}

export interface CaseUpdate {
  id: string;
  /** Only the owning org's cases are written (an other org's id behaves as unknown). */
  org: string;
  /** When set, the write happens only if the case is still at this version. */
  expectedVersion?: number;
  patch: CasePatch;
  events: readonly CaseEventWrite[];
  at: string;
}

/** What an update found: the case after it, or why nothing was written. */
export type CaseUpdateResult =
  | { ok: true; record: CaseRecord }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'conflict'; current: CaseRecord };

/** A case sent to a partner org (`case_shares`). */
export interface CaseShareRecord {
  caseId: string;
  toOrg: string;
  fromOrg: string;
  tlp: Tlp;
  /** The contact-card topic it was addressed to, if any. */
  topic: string | null;
  /** 1 for the first share; each re-share adds one and clears the acknowledgement. */
  version: number;
  sharedAt: string;
  sharedBy: string;
  /** What the partner sees (JSON text; shape owned by src/workspace/cases). */
  json: string;
  ack: { kind: 'received' | 'actioned' | 'rejected'; at: string; by: string } | null;
}
