/** The cases API's refusals: the routes answer `status` with `{error: code, message}`. */
/** A refusal the routes answer with `status` and `{error, message}`; the message names the field. */
export class CaseError extends Error {
  constructor(
    readonly status: 404 | 409 | 422,
    readonly code: 'not-found' | 'conflict' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}
