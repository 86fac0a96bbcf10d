/** `GET /taxii2/`: server discovery (TAXII 2.1 section 4.1): title, contact, API root URLs. */
import type { FastifyInstance } from 'fastify';
import type { TaxiiContext } from './context.js';
import { baseUrl, principalOf } from './context.js';
import { sendTaxii } from './reply.js';

export function registerDiscovery(app: FastifyInstance, ctx: TaxiiContext): void {
  app.get('/taxii2/', async (req, reply) => {
    principalOf(req);
    const base = baseUrl(ctx, req);
    const roots = await ctx.store.listApiRoots();
    const body: Record<string, unknown> = { title: ctx.settings.title };
    if (ctx.settings.description) body.description = ctx.settings.description;
    if (ctx.settings.contact) body.contact = ctx.settings.contact;
    const def = ctx.settings.defaultApiRoot ?? (roots.length === 1 ? roots[0]!.name : undefined);
    if (def !== undefined) body.default = `${base}/${def}/`;
    body.api_roots = roots.map((r) => `${base}/${r.name}/`);
    return sendTaxii(reply, body);
  });
}
