/**
 * What every TAXII route shares: the store, server settings, and the look-ups that turn URL segments
 * into records the caller may use (API root → collection → permission), raising the TAXII status the
 * spec names: 404 for an unknown or invisible root/collection, 403 for a visible collection without
 * the needed permission.
 */
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ApiRootRecord, CollectionRecord, Store, Visibility } from '../../store/store.js';
import type { Principal } from '../access.js';
import { collectionAccess, visibilityFor } from '../access.js';
import { taxiiError } from './errors.js';
import type { TurnQueue } from './turns.js';
import type { AuditTrail } from '../audit.js';

export interface TaxiiSettings {
  title: string;
  description?: string;
  contact?: string;
  /** Base URL for discovery links; else derived from the request. */
  publicUrl?: string;
  defaultApiRoot?: string;
  /** Page size when a request gives no `limit`, and the most a page ever holds. */
  defaultLimit: number;
  maxLimit: number;
}

export interface TaxiiContext {
  store: Store;
  settings: TaxiiSettings;
  /** Heavy work (pages, envelopes) takes turns here (turns.ts); `registerTaxii` creates one per server. */
  turns?: TurnQueue;
  /** Where writes and denials are recorded (audit-hook.ts); none in unit tests that build no app. */
  audit?: AuditTrail;
}

/** Runs `job` in the context's turn queue (directly when there is none). */
export function takeTurn<T>(ctx: TaxiiContext, job: () => Promise<T>): Promise<T> {
  return ctx.turns ? ctx.turns.run(job) : job();
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw taxiiError('ERR_TAXII_UNAUTHORIZED', 'authentication required');
  return req.principal;
}

export async function requireApiRoot(ctx: TaxiiContext, name: string): Promise<ApiRootRecord> {
  const root = await ctx.store.getApiRoot(name);
  if (!root) throw taxiiError('ERR_TAXII_NOT_FOUND', `no API root "${name}"`);
  return root;
}

export interface CollectionGate {
  root: ApiRootRecord;
  collection: CollectionRecord;
  who: Principal;
  canRead: boolean;
  canWrite: boolean;
  visibility: Visibility;
}

export async function requireCollection(
  ctx: TaxiiContext,
  req: FastifyRequest,
  apiRoot: string,
  id: string,
  need: { read?: boolean; write?: boolean },
): Promise<CollectionGate> {
  const who = principalOf(req);
  const root = await requireApiRoot(ctx, apiRoot);
  const collection = await ctx.store.getCollection(root.name, id);
  const access = collection ? await collectionAccess(ctx.store, who, collection.id) : undefined;
  if (collection && !access?.visible) req.auditDenied = true;
  if (!collection || !access?.visible)
    throw taxiiError('ERR_TAXII_NOT_FOUND', `no collection "${id}" in API root "${apiRoot}"`);
  if (need.read && !access.canRead)
    throw taxiiError('ERR_TAXII_FORBIDDEN', `you may not read collection "${id}"`);
  if (need.write && !access.canWrite)
    throw taxiiError('ERR_TAXII_FORBIDDEN', `you may not write to collection "${id}"`);
  const visibility = await visibilityFor(ctx.store, who, collection);
  return { root, collection, who, canRead: access.canRead, canWrite: access.canWrite, visibility };
}

/**
 * Validates URL path parameters; a segment that cannot name a resource (empty, too long) is a 404,
 * as for any other unknown resource.
 */
export function pathParams<T>(schema: z.ZodType<T>, raw: unknown): T {
  const r = schema.safeParse(raw);
  if (!r.success) throw taxiiError('ERR_TAXII_NOT_FOUND', 'no TAXII resource at this path');
  return r.data;
}

export function pageLimit(ctx: TaxiiContext, limit: number | undefined): number {
  return Math.min(limit ?? ctx.settings.defaultLimit, ctx.settings.maxLimit);
}

/** Absolute base URL (no trailing slash) for links in discovery. */
export function baseUrl(ctx: TaxiiContext, req: FastifyRequest): string {
  if (ctx.settings.publicUrl) return ctx.settings.publicUrl.replace(/\/+$/, '');
  return `${req.protocol}://${req.host}`;
}
