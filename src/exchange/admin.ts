/**
 * Administrative operations behind `lockstep taxii-admin`: apply a configuration file, mint, list and
 * revoke API keys (a key is shown once, stored hashed), remove users, hash a password for a
 * configuration file, summarise who can see what, and read the audit log. Never prints a password, a
 * key's secret or a stored hash. Every change is written to the audit log with the operating-system
 * account that ran it.
 */
import { LockstepError } from '../core/errors.js';
import type { AuditEntry, AuditQuery, PruneReport, Store } from '../store/store.js';
import { cliActor } from './audit.js';
import { newApiKey, parseApiKey } from './credentials.js';

async function audit(store: Store, action: string, target: string, detail?: Record<string, unknown>) {
  await store.appendAudit([
    {
      at: new Date().toISOString(),
      actor: cliActor(),
      org: null,
      action,
      target,
      outcome: 'ok',
      ...(detail ? { detail } : {}),
    },
  ]);
}

/**
 * Reads `--expires`: an ISO 8601 date or timestamp, or a duration from now (`90d`, `12h`).
 * The result must lie in the future.
 */
export function parseExpiry(value: string, now = Date.now()): string {
  const rel = /^([1-9][0-9]{0,5})([dh])$/.exec(value);
  let t: number;
  if (rel) t = now + Number(rel[1]) * (rel[2] === 'd' ? 86_400_000 : 3_600_000);
  else if (/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value))
    t = Date.parse(value);
  else t = Number.NaN;
  if (!Number.isFinite(t))
    throw new LockstepError(
      'ERR_USAGE',
      `--expires: "${value}" is neither a date (2027-01-31, 2027-01-31T12:00:00Z) nor a duration (90d, 12h)`,
    );
  if (t <= now) throw new LockstepError('ERR_USAGE', `--expires: ${value} is not in the future`);
  return new Date(t).toISOString();
}

export async function createApiKey(
  store: Store,
  username: string,
  label?: string,
  expiresAt?: string,
): Promise<string> {
  const user = await store.getUser(username);
  if (!user) throw new LockstepError('ERR_USAGE', `no user "${username}"`, { username });
  const k = newApiKey();
  await store.putApiKey({
    id: k.id,
    username,
    secretHash: k.secretHash,
    createdAt: new Date().toISOString(),
    source: 'admin',
    ...(label !== undefined ? { label } : {}),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
  });
  await audit(store, 'create-key', k.id, {
    user: username,
    ...(expiresAt !== undefined ? { expires: expiresAt } : {}),
  });
  return k.key;
}

/**
 * Deletes a key given its id or the whole key. Returns a note for the operator when the key comes
 * from the configuration file (the next start would restore it unless it is removed there too).
 */
export async function revokeApiKey(store: Store, idOrKey: string): Promise<string> {
  const id = parseApiKey(idOrKey)?.id ?? idOrKey;
  const rec = /^[a-f0-9]{16}$/.test(id) ? await store.getApiKey(id) : undefined;
  if (!rec || !(await store.deleteApiKey(id)))
    throw new LockstepError('ERR_USAGE', `no API key with id "${id.slice(0, 40)}"`, { id: id.slice(0, 40) });
  await audit(store, 'revoke-key', id, { user: rec.username });
  return rec.source === 'config'
    ? `revoked key ${id}; it is declared in the configuration file: remove it there too, or the next start restores it`
    : `revoked key ${id}`;
}

export async function removeUser(store: Store, username: string): Promise<string> {
  if (!(await store.deleteUser(username)))
    throw new LockstepError('ERR_USAGE', `no user "${username}"`, { username });
  await audit(store, 'remove-user', username);
  return `removed user ${username} and its API keys; remove it from the configuration file too, or the next start restores it`;
}

/** Records a configuration's prune in the audit log and says what it removed, one line per kind. */
export async function auditPrune(store: Store, file: string, report: PruneReport): Promise<string[]> {
  const lines = Object.entries(report)
    .filter(([, names]) => (names as string[]).length > 0)
    .map(([kind, names]) => `${kind} removed by ${file}: ${(names as string[]).join(', ')}`);
  await audit(store, 'apply-config', file, lines.length > 0 ? { ...report } : undefined);
  return lines;
}

/** A plain-text overview: orgs, trust groups, users and keys (never secrets), collections, grants. */
export async function describeStore(store: Store): Promise<string> {
  const lines: string[] = [];
  for (const o of await store.listOrgs())
    lines.push(
      `org ${o.id} "${o.name}"${o.redRecipients.length ? ` red-recipients=${o.redRecipients.join(',')}` : ''}`,
    );
  for (const g of await store.listTrustGroups())
    lines.push(`trust-group ${g.id} "${g.name}" members=${g.members.join(',')}`);
  for (const u of await store.listUsers())
    lines.push(`user ${u.username} org=${u.org} password=${u.passwordHash ? 'set' : 'none'}`);
  const now = new Date().toISOString();
  for (const k of await store.listApiKeys()) {
    const expiry = k.expiresAt ? `${k.expiresAt}${k.expiresAt <= now ? ' (expired)' : ''}` : 'never';
    lines.push(
      `key ${k.id} user=${k.username} label=${JSON.stringify(k.label ?? '')} source=${k.source ?? 'admin'}` +
        ` created=${k.createdAt} expires=${expiry} last-used=${k.lastUsedAt ?? 'never'}`,
    );
  }
  for (const r of await store.listApiRoots()) {
    lines.push(`api-root ${r.name} "${r.title}" max_content_length=${r.maxContentLength}`);
    for (const c of await store.listCollections(r.name)) {
      const grants = (await store.grantsFor(c.id)).map(
        (g) => `${g.granteeKind}:${g.grantee}:${g.read ? 'r' : ''}${g.write ? 'w' : ''}`,
      );
      const n = await store.countObjects(c.id);
      lines.push(`  collection ${c.id} "${c.title}" objects=${n} grants=${grants.join(',') || '(none)'}`);
    }
  }
  const retired = await store.listRetired();
  for (const r of retired.apiRoots) lines.push(`retired api-root ${r} (not in the configuration; hidden)`);
  for (const c of retired.collections)
    lines.push(
      `retired collection ${c} objects=${await store.countObjects(c)} (not in the configuration; hidden)`,
    );
  return lines.join('\n');
}

/** The audit log, newest first, one JSON object per line. */
export async function auditLines(store: Store, q: AuditQuery): Promise<string[]> {
  return (await store.queryAudit(q)).map((e: AuditEntry) => JSON.stringify(e));
}
