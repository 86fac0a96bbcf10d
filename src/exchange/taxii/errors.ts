/**
 * The one error handler of the TAXII server: every failure leaves as a TAXII 2.1 error message
 * (section 3.6.1: title, description, error_code, http_status) in the TAXII media type, whether it was
 * a LockstepError thrown by a route, a fastify parsing error (415, 413, bad JSON) or a bug (500, logged
 * without request data). Routes throw; they never build error bodies themselves.
 */
import { ZodError } from 'zod';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { ERRORS, LockstepError, isLockstepError } from '../../core/errors.js';
import type { ErrorCode } from '../../core/errors.js';
import { sendTaxii } from './reply.js';

export interface TaxiiErrorBody {
  title: string;
  description?: string;
  error_code: string;
  http_status: string;
}

const TITLES: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  413: 'Request Entity Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'ERR_TAXII_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'ERR_TAXII_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'ERR_TAXII_BAD_REQUEST',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'ERR_TAXII_BAD_REQUEST',
};

export const WWW_AUTHENTICATE = 'Basic realm="lockstep", Bearer realm="lockstep"';

export function taxiiError(
  code: ErrorCode,
  message: string,
  details: Record<string, unknown> = {},
): LockstepError {
  return new LockstepError(code, message, details);
}

/** Maps any thrown value to an HTTP status and TAXII error body. */
export function toTaxiiError(err: unknown): { status: number; body: TaxiiErrorBody; internal: boolean } {
  let code: ErrorCode;
  let description: string;
  if (err instanceof ZodError) {
    // A schema a route forgot to map: still the client's input, never a 500.
    code = 'ERR_TAXII_BAD_REQUEST';
    description = err.issues[0]?.message ?? 'invalid request';
  } else if (isLockstepError(err)) {
    code = err.code;
    description = err.message;
  } else {
    const fe = err as Partial<FastifyError>;
    const mapped = typeof fe.code === 'string' ? FASTIFY_CODES[fe.code] : undefined;
    if (mapped) {
      code = mapped;
      description = fe.message ?? ERRORS[mapped].doc;
    } else if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      code = 'ERR_TAXII_BAD_REQUEST';
      description = fe.message ?? 'bad request';
      const status = fe.statusCode;
      return {
        status,
        body: {
          title: TITLES[status] ?? 'Client Error',
          description,
          error_code: code,
          http_status: String(status),
        },
        internal: false,
      };
    } else {
      code = 'ERR_INTERNAL';
      description = 'an unexpected internal error occurred; it has been logged';
    }
  }
  const status = ERRORS[code].status;
  return {
    status,
    body: { title: TITLES[status] ?? 'Error', description, error_code: code, http_status: String(status) },
    internal: code === 'ERR_INTERNAL' || status >= 500,
  };
}

export function sendTaxiiError(reply: FastifyReply, err: unknown): FastifyReply {
  const { status, body } = toTaxiiError(err);
  if (status === 401) void reply.header('WWW-Authenticate', WWW_AUTHENTICATE);
  return sendTaxii(reply, body, status);
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => {
    const { internal } = toTaxiiError(err);
    // Log the failure, never the request body or headers (credentials, shared intelligence).
    if (internal)
      req.log.error({ err, url: req.routeOptions.url, method: req.method }, 'TAXII request failed');
    return sendTaxiiError(reply, err);
  });
  app.setNotFoundHandler((req, reply) =>
    sendTaxiiError(
      reply,
      taxiiError('ERR_TAXII_NOT_FOUND', `no TAXII resource at ${req.method} ${req.url.split('?')[0] ?? ''}`),
    ),
  );
}
