/**
 * Answers for requests Node's HTTP parser refuses before fastify sees them (an unknown method, a
 * malformed request line → 400; headers over the size limit → 431; a request not complete within the
 * request timeout → 408). fastify's default answers these in its own JSON; here they are TAXII error
 * messages in the TAXII media type like every other error (the path is unknown at this point, and a
 * TAXII body is harmless to the password range API's clients).
 */
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import type { ErrorCode } from '../core/errors.js';
import { ERRORS } from '../core/errors.js';
import { TAXII_MEDIA } from '../exchange/taxii/media.js';

const BY_CODE: Record<string, [ErrorCode, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: ['ERR_TAXII_TIMEOUT', 'the request was not complete within the request timeout'],
  HPE_HEADER_OVERFLOW: ['ERR_TAXII_HEADERS_TOO_LARGE', 'the request headers exceed the size limit (16 KiB)'],
};

export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, description] = BY_CODE[err.code ?? ''] ?? [
    'ERR_TAXII_BAD_REQUEST',
    'the request is not valid HTTP/1.1 (malformed request line, unknown method or bad header)',
  ];
  const status = ERRORS[code].status;
  const title = STATUS_CODES[status] ?? 'Error';
  const body = JSON.stringify({ title, description, error_code: code, http_status: String(status) });
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: ${TAXII_MEDIA}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(err);
}
