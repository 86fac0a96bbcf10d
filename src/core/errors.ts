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

  // --- stix --------------------------------------------------------------------------------------

  // --- store -----------------------------------------------------------------------------------

  // --- exchange (TAXII) --------------------------------------------------------------------------

  // --- protect ---------------------------------------------------------------------------------
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
