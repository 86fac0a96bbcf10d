/**
 * The audit trail's records (sql/audit.ts; batched by src/exchange/audit.ts): who did what, when, and
 * how it ended, and how it is queried.
 */

/** One audit record: who did what, when, and how it ended. Never a secret or a request body. */
export interface AuditEntry {
  at: string;
  /** Username, `cli:<os user>` for taxii-admin, or null for an unauthenticated caller. */
  actor: string | null;
  org: string | null;
  /** `POST /{apiRoot}/collections/{collectionId}/objects/`, `revoke-key`, `config-prune`, … */
  action: string;
  /** What the action touched: a path, a key id, a username. */
  target?: string;
  outcome: 'ok' | 'denied' | 'failed';
  status?: number;
  requestId?: string;
  /** Small JSON-able facts (counts, status id). */
  detail?: Record<string, unknown>;
}

export interface AuditQuery {
  /** Inclusive ISO timestamps. */
  since?: string;
  until?: string;
  actor?: string;
  action?: string;
  outcome?: AuditEntry['outcome'];
  /** Newest first, at most this many (default 100). */
  limit?: number;
}
