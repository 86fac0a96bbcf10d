/**
 * Administrative operations behind `lockstep taxii-admin`: apply a configuration file, mint an API key
 * (shown once, stored hashed), hash a password for a configuration file, and summarise who can see
 * what. Never prints a password or a stored hash.
 */
import { LockstepError } from '../core/errors.js';
import type { Store } from '../store/store.js';
import { newApiKey } from './credentials.js';

export async function createApiKey(store: Store, username: string, label?: string): Promise<string> {
  const user = await store.getUser(username);
  if (!user) throw new LockstepError('ERR_USAGE', `no user "${username}"`, { username });
  const k = newApiKey();
  await store.putApiKey({
    id: k.id,
    username,
    secretHash: k.secretHash,
    createdAt: new Date().toISOString(),
    ...(label !== undefined ? { label } : {}),
  });
  return k.key;
}

/** A plain-text overview: orgs, trust groups, users (without hashes), collections and their grants. */
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
  return lines.join('\n');
}
