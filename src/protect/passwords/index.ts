/**
 * Public API of the breached-password capability: build an index from the Pwned Passwords corpus,
 * serve the k-anonymity range API, check passwords at login/registration. See docs/PASSWORDS.md.
 */
export type { HashMode } from './hash.js';
export { hashPassword, hashPasswordAsync, initNtlm } from './hash.js';
export type { BuildOptions, BuildReport } from './build-index.js';
export { buildIndex } from './build-index.js';
export type { CorpusFormat, SkipReason } from './corpus-reader.js';
export { SKIP_TEXT } from './corpus-reader.js';
export { RangeIndex } from './range-index.js';
export type { IndexStats } from './range-index.js';
export type { PaddingOptions } from './range-format.js';
export { DEFAULT_PADDING } from './range-format.js';
export type { RangeRoutesOptions, ServerOptions } from './routes.js';
export { rangeRoutes, buildRangeServer } from './routes.js';
export type { BreachSource, PwnedResult, HttpSourceOptions } from './pwned.js';
export { isPwned, indexSource, httpSource, countInRange } from './pwned.js';
export type { PolicyOptions, PolicyResult, PolicyProblem, PolicyProblemCode } from './policy.js';
export { checkPassword } from './policy.js';
export { readSecret, SecretAborted } from './read-secret.js';
