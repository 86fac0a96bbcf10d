/**
 * The Pwned Passwords range API as a fastify plugin: `GET /range/{5 hex}[?mode=ntlm]`, so `passwords
 * serve` and (later) the TAXII server mount the same routes.
 *
 * Behaviour matched to api.pwnedpasswords.com and HIBP's Cloudflare worker (docs/PASSWORDS.md):
 * - the prefix is case-insensitive; any other length → 400 "The hash prefix was not in a valid format",
 *   non-hex → 400 "The hash prefix was not valid hexadecimal" (plain text, like the real API);
 * - `mode=ntlm` selects NTLM suffixes; any other mode value means SHA-1;
 * - `Add-Padding: true` (value case-insensitive) appends count-0 rows; padded bodies are `no-store`,
 *   unpadded ones cacheable for 31 days; `Vary: Add-Padding`;
 * - CORS: `Access-Control-Allow-Origin: *`; OPTIONS answers the preflight a browser sends because of
 *   the Add-Padding header (zxcvbn-ts's matcher sends it).
 * Only the 5-character prefix reaches the server; request logging stays off for these routes' bodies.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import Fastify from 'fastify';
import type { HashMode } from './hash.js';
import { PREFIX_HEX, parsePrefix } from './hash.js';
import type { PaddingOptions } from './range-format.js';
import type { RangeIndex } from './range-index.js';

export interface RangeRoutesOptions {
  /** One index per hash mode; a mode without an index answers 404. */
  readonly indexes: Partial<Record<HashMode, RangeIndex>>;
  /** Padding parameters (row counts, random source) used when a client sends `Add-Padding: true`. */
  readonly padding?: PaddingOptions;
}

const MSG_FORMAT = 'The hash prefix was not in a valid format';
const MSG_HEX = 'The hash prefix was not valid hexadecimal';

function cors(reply: FastifyReply): FastifyReply {
  return reply.header('access-control-allow-origin', '*');
}

/** Registers `/range/*` on `app` (use with `app.register(rangeRoutes, opts)`). */
export const rangeRoutes: FastifyPluginAsync<RangeRoutesOptions> = (app, opts) => {
  const padding = opts.padding ?? {};

  app.options('/range/*', (_req, reply) => {
    void cors(reply)
      .header('access-control-allow-methods', 'GET')
      .header('access-control-allow-headers', 'Add-Padding')
      .header('access-control-max-age', '1728000')
      .code(204)
      .send();
  });

  app.get('/range/*', async (req: FastifyRequest<{ Querystring: { mode?: string } }>, reply) => {
    void cors(reply).header('vary', 'Add-Padding');
    // The raw (undecoded) path, as the real API reads it: `%20BAA6` is 7 characters, not 5.
    const path = req.url.split('?', 1)[0]!;
    const raw = path.slice(path.indexOf('/range/') + '/range/'.length);
    if (raw.length !== PREFIX_HEX) return reply.code(400).type('text/plain').send(MSG_FORMAT);
    const prefix = parsePrefix(raw);
    if (prefix < 0) return reply.code(400).type('text/plain').send(MSG_HEX);
    const mode: HashMode = req.query.mode === 'ntlm' ? 'ntlm' : 'sha1';
    const index = opts.indexes[mode];
    if (!index) {
      return reply
        .code(404)
        .type('text/plain')
        .send(`No ${mode === 'ntlm' ? 'NTLM' : 'SHA-1'} index is loaded`);
    }
    const padHeader = req.headers['add-padding'];
    const padded = typeof padHeader === 'string' && padHeader.toLowerCase() === 'true';
    const body = await index.range(prefix, padded ? padding : undefined);
    return reply
      .code(200)
      .header('cache-control', padded ? 'no-store' : 'public, max-age=2678400')
      .type('text/plain')
      .send(body);
  });
  return Promise.resolve();
};

export interface ServerOptions extends RangeRoutesOptions {
  /** fastify's logger; off by default. Logs carry only method, URL (the 5-hex prefix) and status. */
  readonly logger?: boolean;
}

/** A fastify app serving the range API at `/range/…` (never listens; the caller does). */
export async function buildRangeServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ?? false });
  // fastify's default 404 says "Route GET:/whatever not found": a server whose whole point is to learn
  // nothing but a 5-hex prefix must not echo paths back (nor into a cache or log in between).
  app.setNotFoundHandler((_req, reply) => {
    void cors(reply).code(404).type('text/plain').send('Not found: this server answers GET /range/{prefix}');
  });
  await app.register(rangeRoutes, opts);
  return app;
}
