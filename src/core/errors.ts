/**
 * The one catalog of Lockstep's coded errors (modelled on fastify's `lib/errors.js`): every failure a
 * user can see has a stable code, an HTTP status for the servers and an exit code for the CLI, so
 * scripts and partners can react to the code rather than parse a message.
 *
 * Add a code by adding an entry in your capability's section; `errors.test.ts` checks the catalog.
 */

export interface ErrorSpec {
  /** HTTP status used when the error reaches a server response. */
  readonly status: number;
  /** Process exit code used when the error ends a CLI command (sysexits.h where one fits). */
  readonly exit: number;
  /** One line for the docs: when the error happens. */
  readonly doc: string;
}

export const ERRORS = {
  // --- core / CLI ------------------------------------------------------------------------------
  ERR_USAGE: { status: 400, exit: 64, doc: 'A command-line argument or option is missing or invalid.' },
  ERR_INTERNAL: { status: 500, exit: 70, doc: 'An unexpected internal failure (a bug: please report it).' },
  ERR_IO: { status: 500, exit: 74, doc: 'A file could not be read or written.' },
  ERR_CONFIG: { status: 500, exit: 78, doc: 'A configuration file is malformed or inconsistent.' },

  // --- ingest ----------------------------------------------------------------------------------
  ERR_INGEST_FORMAT: {
    status: 400,
    exit: 65,
    doc: 'An input file is malformed as a whole (wrong header, bad quoting, unknown format); names file, line and column.',
  },
  ERR_INGEST_BAD_ROW: {
    status: 400,
    exit: 65,
    doc: 'One input row could not be read; it is counted and reported with file and line, the run goes on.',
  },
  ERR_INGEST_UNKNOWN_FORMAT: {
    status: 400,
    exit: 65,
    doc: '`--format auto` could not recognise a file; name the format with --format.',
  },

  // --- detect ----------------------------------------------------------------------------------
  ERR_DETECT_NO_INPUT: { status: 400, exit: 65, doc: 'No usable rows were left to analyse.' },
  ERR_DETECT_BEHAVIOUR_UNSUPPORTED: {
    status: 400,
    exit: 64,
    doc: 'A requested behaviour needs fields that the input does not have.',
  },
  ERR_DETECT_SIMILAR_OPTION: {
    status: 400,
    exit: 64,
    doc: 'A near-duplicate (co-similar) option is out of range: names the option and the allowed range.',
  },
  ERR_DETECT_ENGINE_MISSING: {
    status: 500,
    exit: 69,
    doc: 'The counting engine asked for (--engine duckdb, ClickHouse) is not installed, does not load or cannot be reached.',
  },
  ERR_DETECT_ENGINE_VERSION: {
    status: 500,
    exit: 69,
    doc: 'The counting engine is older than the one its SQL needs; names the version found and the minimum.',
  },

  // --- report ----------------------------------------------------------------------------------
  ERR_REPORT_BAD_OUTPUT: {
    status: 400,
    exit: 65,
    doc: 'A detection output directory (run.json, networks.json, edges.csv) is malformed; names the file and line or field.',
  },

  // --- factcheck -----------------------------------------------------------------------------
  ERR_FACTCHECK_BAD_RECORD: {
    status: 400,
    exit: 65,
    doc: 'One fact-check record could not be read; it is counted and reported with file, record and reason, the import goes on.',
  },
  ERR_FACTCHECK_INPUT: {
    status: 400,
    exit: 65,
    doc: 'A fact-check file or store cannot be used as a whole (CSV without url/claim columns, no fact checks to match against); names the file and field.',
  },
  ERR_EMBEDDINGS_MODEL: {
    status: 400,
    exit: 66,
    doc: 'The sentence-embeddings model named by --embeddings is missing or incomplete (no model.json or vocab.json in the directory, or the optional model package is not installed).',
  },
  ERR_EMBEDDINGS_RUNTIME: {
    status: 500,
    exit: 69,
    doc: 'Sentence embeddings were asked for but their optional runtime packages are not installed.',
  },

  // --- stix --------------------------------------------------------------------------------------
  ERR_STIX_INVALID: {
    status: 422,
    exit: 65,
    doc: 'A STIX object failed validation (OASIS schema or a spec rule); the message lists each reason.',
  },
  ERR_STIX_BAD_BUNDLE: {
    status: 400,
    exit: 65,
    doc: 'Input is not a STIX 2.1 bundle (not JSON, no objects array, or a STIX 2.0 bundle).',
  },
  ERR_STIX_SCHEMAS_MISSING: {
    status: 500,
    exit: 78,
    doc: 'The OASIS STIX 2.1 JSON schemas could not be found (set LOCKSTEP_STIX_SCHEMAS to their folder).',
  },

  // --- store -----------------------------------------------------------------------------------
  ERR_STORE_MIGRATION: {
    status: 500,
    exit: 78,
    doc: 'The database schema is newer than this Lockstep, or a migration failed (names the version).',
  },
  ERR_STORE_UNAVAILABLE: { status: 503, exit: 69, doc: 'The database could not be opened or reached.' },
  ERR_STORE_BAD_CURSOR: {
    status: 400,
    exit: 64,
    doc: 'A pagination cursor (`next`) is malformed or was not issued by this server.',
  },

  // --- exchange (TAXII) --------------------------------------------------------------------------
  ERR_TAXII_BAD_REQUEST: {
    status: 400,
    exit: 64,
    doc: 'A TAXII request or one of its filter parameters is malformed.',
  },
  ERR_TAXII_UNAUTHORIZED: {
    status: 401,
    exit: 77,
    doc: 'The TAXII request carries no valid credentials (Basic, Token or Bearer).',
  },
  ERR_TAXII_FORBIDDEN: {
    status: 403,
    exit: 77,
    doc: 'The caller may see the collection but lacks the read or write permission the request needs.',
  },
  ERR_TAXII_NOT_FOUND: {
    status: 404,
    exit: 66,
    doc: 'The API root, collection, object or status is unknown, or not visible to the caller.',
  },
  ERR_TAXII_NOT_ACCEPTABLE: {
    status: 406,
    exit: 64,
    doc: 'The Accept header names no media type the TAXII 2.1 server can produce.',
  },
  ERR_TAXII_TOO_LARGE: {
    status: 413,
    exit: 64,
    doc: "The request body exceeds the API root's max_content_length.",
  },
  ERR_TAXII_TIMEOUT: {
    status: 408,
    exit: 75,
    doc: 'The request (headers and body) did not arrive within the server request timeout.',
  },
  ERR_TAXII_HEADERS_TOO_LARGE: {
    status: 431,
    exit: 64,
    doc: 'The request headers exceed the server limit (16 KiB).',
  },
  ERR_TAXII_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    exit: 64,
    doc: 'The Content-Type of a POST is not application/taxii+json;version=2.1.',
  },
  ERR_TAXII_UNPROCESSABLE: {
    status: 422,
    exit: 65,
    doc: 'The POST body is JSON but not a TAXII envelope of STIX objects.',
  },
  ERR_FEEDBACK_INVALID: {
    status: 422,
    exit: 65,
    doc: 'A feedback request body (contact card, acknowledgement) is JSON but breaks its schema; names the field and what was expected.',
  },
  ERR_FEEDBACK_ACK_NOT_REQUESTED: {
    status: 422,
    exit: 65,
    doc: 'An acknowledgement was posted for an object whose visible version does not carry `x_lockstep_ack_required: true`.',
  },
  // --- exchange (TAXII client, sync, matching) -----------------------------------------------------
  ERR_TAXII_REMOTE_ERROR: {
    status: 502,
    exit: 69,
    doc: 'A remote TAXII server answered with an error (after bounded retries on 429/5xx); names URL, status and its error body.',
  },
  ERR_TAXII_REMOTE_UNREACHABLE: {
    status: 504,
    exit: 69,
    doc: 'A remote TAXII server could not be reached or did not answer within the timeout (after retries).',
  },
  ERR_TAXII_REMOTE_BAD_RESPONSE: {
    status: 502,
    exit: 76,
    doc: 'A remote TAXII server answered with something that is not TAXII 2.1 JSON (wrong media type, bad JSON, wrong shape, a paging loop).',
  },
  ERR_TAXII_STATUS_TIMEOUT: {
    status: 504,
    exit: 75,
    doc: 'A POST stayed "pending" at the remote server longer than the polling timeout; its status id is in the message.',
  },
  ERR_SYNC_STATE: {
    status: 500,
    exit: 65,
    doc: 'The sync state file is not valid JSON of the expected shape (names the file); fix or delete it to start over.',
  },
  ERR_MATCH_KEY: {
    status: 400,
    exit: 78,
    doc: 'The trust-group key for keyed matching is missing or too short (at least 32 bytes); it is never printed.',
  },
  ERR_MATCH_INPUT: {
    status: 400,
    exit: 65,
    doc: 'A partner indicator file for `lockstep match` is not a STIX bundle/envelope of indicators (names file and object).',
  },

  // --- monitor -------------------------------------------------------------------------------
  ERR_MONITOR_SOURCE_REFUSED: {
    status: 502,
    exit: 77,
    doc: 'A live source refused the monitor for good (a missing, revoked or under-scoped token, an unknown stream); retrying would not help.',
  },
  // --- protect ---------------------------------------------------------------------------------
  ERR_LOOKALIKE_BAD_DOMAIN: {
    status: 400,
    exit: 65,
    doc: 'A protected domain is empty, not a domain name, an invalid IDN, or over 63/253 octets; says what was expected.',
  },
  ERR_LOOKALIKE_UNKNOWN_FUZZER: {
    status: 400,
    exit: 64,
    doc: 'A fuzzer named in --fuzzers does not exist; the message lists the known fuzzers.',
  },
  ERR_LOOKALIKE_BAD_FEED: {
    status: 400,
    exit: 65,
    doc: 'A watch feed or protect file cannot be used as a whole (unreadable, or no usable domain at all).',
  },
  ERR_PASSWORDS_BAD_PREFIX: {
    status: 400,
    exit: 64,
    doc: 'A range request named something other than 5 hexadecimal characters (the Pwned Passwords k-anonymity prefix).',
  },
  ERR_PASSWORDS_BAD_CORPUS: {
    status: 400,
    exit: 65,
    doc: 'A breach corpus file cannot be indexed as a whole (mixed SHA-1/NTLM, unknown layout); names file and line.',
  },
  ERR_PASSWORDS_BAD_INDEX: {
    status: 500,
    exit: 65,
    doc: 'A password index file is not a Lockstep index, is truncated, or was built for the other hash mode.',
  },
  ERR_PASSWORDS_REMOTE: {
    status: 502,
    exit: 69,
    doc: '`passwords check --url`: the range API could not be reached or did not answer 200 with a range body; names the URL and the status or cause.',
  },
  ERR_PASSWORDS_REJECTED: {
    status: 422,
    exit: 1,
    doc: '`passwords check`: the password breaks the policy (breached, common, too short, contains a context word).',
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

/** An error with a catalog code; `details` carries structured context (file, line, field …). */
export class LockstepError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly exit: number;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'LockstepError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.exit = ERRORS[code].exit;
    this.details = details;
  }
}

export function isLockstepError(e: unknown): e is LockstepError {
  return e instanceof LockstepError;
}
