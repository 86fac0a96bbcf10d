/**
 * The TAXII 2.1 server as one fastify registration: hooks (authentication, Accept negotiation), the
 * TAXII body parser, the one error handler, and one route file per resource.
 */
import type { FastifyInstance } from 'fastify';
import { registerApiRoot } from './api-root.js';
import { Authenticator } from './auth.js';
import { assertCleanInput } from './clean-input.js';
import { registerAudit } from './audit-hook.js';
import { registerBodyParser } from './body.js';
import { registerCollection } from './collection.js';
import { registerCollections } from './collections.js';
import type { TaxiiContext } from './context.js';
import { registerDiscovery } from './discovery.js';
import { registerErrorHandling, taxiiError } from './errors.js';
import { registerFeedback } from '../feedback/plugin.js';
import { registerManifest } from './manifest.js';
import { acceptsTaxii } from './media.js';
import { registerObject } from './object.js';
import { registerObjects } from './objects.js';
import { registerStatus } from './status.js';
import { TurnQueue } from './turns.js';
import { registerVersions } from './versions.js';

export function registerTaxii(app: FastifyInstance, base: TaxiiContext): void {
  // SQLite work is synchronous: one job at a time. PostgreSQL works on its own cores, so a few page
  // queries may be in flight while the event loop serves others.
  const ctx: TaxiiContext = {
    ...base,
    turns: base.turns ?? new TurnQueue(base.store.dialect === 'sqlite' ? 1 : 4),
  };
  const auth = new Authenticator(ctx.store);
  app.decorateRequest('principal', null);
  registerErrorHandling(app);
  if (ctx.audit) registerAudit(app, ctx.audit);
  registerBodyParser(app);
  app.addHook('onRequest', async (req) => {
    // 401 before anything else: an anonymous caller learns nothing about what exists.
    const who = await auth.authenticate(req.headers.authorization);
    if (!who)
      throw taxiiError('ERR_TAXII_UNAUTHORIZED', 'valid credentials are required (Basic, Token or Bearer)');
    req.principal = who;
    assertCleanInput(req);
    if (!acceptsTaxii(req.headers.accept))
      throw taxiiError(
        'ERR_TAXII_NOT_ACCEPTABLE',
        'this server answers application/taxii+json;version=2.1 only',
      );
  });
  registerDiscovery(app, ctx);
  registerApiRoot(app, ctx);
  registerCollections(app, ctx);
  registerCollection(app, ctx);
  registerObjects(app, ctx);
  registerObject(app, ctx);
  registerVersions(app, ctx);
  registerManifest(app, ctx);
  registerStatus(app, ctx);
  registerFeedback(app, ctx);
}
