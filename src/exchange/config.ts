/**
 * The declarative server configuration (JSON): API roots, organisations, users, API keys, trust
 * groups, collections and grants. Validated with zod, then cross-checked (every reference names
 * something defined) so a typo fails at start-up with the path of the bad field, never at request time.
 * `applyConfig` upserts it all into a store; applying the same file twice changes nothing.
 */
import { z } from 'zod';
import { LockstepError } from '../core/errors.js';
import type { DirectoryKeep, PruneReport, Store } from '../store/store.js';
import { hashPassword, parseApiKey, secretHash } from './credentials.js';
import type { TaxiiSettings } from './taxii/context.js';
import { readTextFile } from '../core/read-text.js';

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'letters, digits, . _ - (max 128)');
const audience = z.enum(['readers', 'trust-groups', 'org']);

export const ConfigSchema = z
  .object({
    server: z
      .object({
        title: z.string().default('Lockstep TAXII server'),
        description: z.string().optional(),
        contact: z.string().optional(),
        /** Base URL partners use (behind a proxy); by default derived from each request's Host. */
        publicUrl: z.url().optional(),
      })
      .strict()
      .default({ title: 'Lockstep TAXII server' }),
    apiRoots: z
      .array(
        z
          .object({
            name: name.refine((n) => n !== 'taxii2', '"taxii2" is the discovery path'),
            title: z.string(),
            description: z.string().optional(),
            maxContentLength: z
              .number()
              .int()
              .positive()
              .default(10 * 1024 * 1024),
            default: z.boolean().optional(),
          })
          .strict(),
      )
      .min(1),
    orgs: z
      .array(
        z.object({ id: name, name: z.string(), redRecipients: z.array(z.string()).default([]) }).strict(),
      )
      .default([]),
    users: z
      .array(
        z
          .object({
            username: name,
            org: name,
            password: z.string().min(8).optional(),
            passwordHash: z.string().startsWith('scrypt$').optional(),
          })
          .strict(),
      )
      .default([]),
    apiKeys: z
      .array(
        z
          .object({
            username: name,
            /** Either the full key (development only) … */
            key: z.string().optional(),
            /** … or its id and the hex SHA-256 of its secret, as `lockstep taxii-admin create-key` prints. */
            id: z.string().optional(),
            secretHash: z
              .string()
              .regex(/^[a-f0-9]{64}$/)
              .optional(),
            label: z.string().optional(),
            /** ISO 8601 timestamp after which the key is refused (401). */
            expires: z.iso.datetime({ offset: true }).optional(),
          })
          .strict(),
      )
      .default([]),
    trustGroups: z
      .array(z.object({ id: name, name: z.string(), members: z.array(name) }).strict())
      .default([]),
    collections: z
      .array(
        z
          .object({
            id: name,
            apiRoot: name,
            title: z.string(),
            description: z.string().optional(),
            alias: z.string().optional(),
            policy: z
              .object({
                clear: audience.default('readers'),
                green: audience.default('readers'),
                none: audience.default('readers'),
              })
              .strict()
              .default({ clear: 'readers', green: 'readers', none: 'readers' }),
          })
          .strict(),
      )
      .default([]),
    grants: z
      .array(
        z
          .object({
            collection: name,
            org: name.optional(),
            group: name.optional(),
            read: z.boolean().default(true),
            write: z.boolean().default(false),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export type ServerConfig = z.infer<typeof ConfigSchema>;
export type ServerConfigInput = z.input<typeof ConfigSchema>;

function fail(where: string, message: string, file?: string): never {
  throw new LockstepError('ERR_CONFIG', `${file ? `${file}: ` : ''}${where}: ${message}`, {
    ...(file ? { file } : {}),
    field: where,
  });
}

/** Parses and cross-checks a configuration object; errors name the field path. */
export function parseConfig(raw: unknown, file?: string): ServerConfig {
  const r = ConfigSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    fail(issue.path.join('.') || '(root)', issue.message, file);
  }
  const c = r.data;
  const orgs = new Set(c.orgs.map((o) => o.id));
  const roots = new Set(c.apiRoots.map((a) => a.name));
  const groups = new Set(c.trustGroups.map((g) => g.id));
  const colls = new Set(c.collections.map((x) => x.id));
  const users = new Set(c.users.map((u) => u.username));
  const unique = (ids: string[], where: string) => {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id)) fail(`${where}.${i}`, `duplicate "${id}"`, file);
      seen.add(id);
    });
  };
  unique(
    c.orgs.map((o) => o.id),
    'orgs',
  );
  unique(
    c.trustGroups.map((g) => g.id),
    'trustGroups',
  );
  unique(
    c.users.map((u) => u.username),
    'users',
  );
  unique(
    c.collections.map((x) => x.id),
    'collections',
  );
  unique(
    c.apiRoots.map((a) => a.name),
    'apiRoots',
  );
  c.users.forEach((u, i) => {
    if (!orgs.has(u.org)) fail(`users.${i}.org`, `unknown org "${u.org}"`, file);
    if (u.password && u.passwordHash) fail(`users.${i}`, 'give password or passwordHash, not both', file);
  });
  c.apiKeys.forEach((k, i) => {
    if (!users.has(k.username)) fail(`apiKeys.${i}.username`, `unknown user "${k.username}"`, file);
    const byKey = k.key !== undefined;
    const byHash = k.id !== undefined && k.secretHash !== undefined;
    if (byKey === byHash) fail(`apiKeys.${i}`, 'give either key, or id and secretHash', file);
    if (k.key !== undefined && !parseApiKey(k.key))
      fail(`apiKeys.${i}.key`, 'not a Lockstep key (lsk_<16 hex>_<43 base64url>)', file);
  });
  c.orgs.forEach((o, i) => {
    o.redRecipients.forEach((u, j) => {
      if (!users.has(u)) fail(`orgs.${i}.redRecipients.${j}`, `unknown user "${u}"`, file);
    });
  });
  c.trustGroups.forEach((g, i) => {
    g.members.forEach((m, j) => {
      if (!orgs.has(m)) fail(`trustGroups.${i}.members.${j}`, `unknown org "${m}"`, file);
    });
  });
  c.collections.forEach((x, i) => {
    if (!roots.has(x.apiRoot)) fail(`collections.${i}.apiRoot`, `unknown API root "${x.apiRoot}"`, file);
  });
  c.grants.forEach((g, i) => {
    if (!colls.has(g.collection))
      fail(`grants.${i}.collection`, `unknown collection "${g.collection}"`, file);
    if ((g.org === undefined) === (g.group === undefined))
      fail(`grants.${i}`, 'give exactly one of org, group', file);
    if (g.org !== undefined && !orgs.has(g.org)) fail(`grants.${i}.org`, `unknown org "${g.org}"`, file);
    if (g.group !== undefined && !groups.has(g.group))
      fail(`grants.${i}.group`, `unknown trust group "${g.group}"`, file);
  });
  if (c.apiRoots.filter((a) => a.default).length > 1) fail('apiRoots', 'at most one default API root', file);
  return c;
}

export async function loadConfig(file: string): Promise<ServerConfig> {
  const text = await readTextFile(file);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new LockstepError(
      'ERR_CONFIG',
      `${file}: not valid JSON (${e instanceof Error ? e.message : String(e)})`,
      {
        file,
      },
    );
  }
  return parseConfig(raw, file);
}

/**
 * Makes the store's directory what the configuration says (idempotent): upserts everything it names,
 * then removes users, configuration-declared API keys, trust groups, orgs and grants it no longer
 * names, and retires API roots and collections it no longer names (hidden, objects kept). API keys
 * minted by `taxii-admin create-key` are not the configuration's to remove (see docs/EXCHANGE.md,
 * Revocation). Returns what was removed or retired.
 */
export async function applyConfig(store: Store, c: ServerConfig): Promise<PruneReport> {
  for (const r of c.apiRoots) await store.putApiRoot(r);
  for (const o of c.orgs) await store.putOrg(o);
  for (const u of c.users) {
    const passwordHash = u.passwordHash ?? (u.password !== undefined ? await hashPassword(u.password) : null);
    await store.putUser({ username: u.username, org: u.org, passwordHash });
  }
  for (const k of c.apiKeys) {
    const parsed = k.key !== undefined ? parseApiKey(k.key) : undefined;
    await store.putApiKey({
      id: parsed?.id ?? k.id!,
      username: k.username,
      secretHash: parsed ? secretHash(parsed.secret) : k.secretHash!,
      createdAt: new Date().toISOString(),
      source: 'config',
      ...(k.label !== undefined ? { label: k.label } : {}),
      ...(k.expires !== undefined ? { expiresAt: new Date(k.expires).toISOString() } : {}),
    });
  }
  for (const g of c.trustGroups) await store.putTrustGroup(g);
  for (const x of c.collections) await store.putCollection(x);
  for (const g of c.grants)
    await store.putGrant({
      collection: g.collection,
      granteeKind: g.org !== undefined ? 'org' : 'group',
      grantee: g.org ?? g.group!,
      read: g.read,
      write: g.write,
    });
  return store.pruneDirectory(directoryOf(c));
}

/** The names a configuration keeps. */
export function directoryOf(c: ServerConfig): DirectoryKeep {
  return {
    apiRoots: c.apiRoots.map((r) => r.name),
    collections: c.collections.map((x) => x.id),
    orgs: c.orgs.map((o) => o.id),
    users: c.users.map((u) => u.username),
    trustGroups: c.trustGroups.map((g) => g.id),
    grants: c.grants.map((g) => ({
      collection: g.collection,
      granteeKind: g.org !== undefined ? ('org' as const) : ('group' as const),
      grantee: g.org ?? g.group!,
    })),
    configKeys: c.apiKeys.map((k) => (k.key !== undefined ? parseApiKey(k.key)?.id : k.id) ?? ''),
  };
}

/** The server-level settings of a configuration, as the TAXII routes take them. */
export function taxiiSettings(c: ServerConfig): Partial<TaxiiSettings> {
  const s: Partial<TaxiiSettings> = { title: c.server.title };
  if (c.server.description !== undefined) s.description = c.server.description;
  if (c.server.contact !== undefined) s.contact = c.server.contact;
  if (c.server.publicUrl !== undefined) s.publicUrl = c.server.publicUrl;
  const def = c.apiRoots.find((r) => r.default);
  if (def) s.defaultApiRoot = def.name;
  return s;
}
