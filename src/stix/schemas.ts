/**
 * Loads and compiles the OASIS STIX 2.1 JSON schemas (vendored in `oasis-schemas/`, BSD-3-Clause,
 * commit in SOURCE.txt) once, lazily, with Ajv's draft 2020-12 build. The TAXII server validates every
 * POSTed object, so compilation (≈ 60 schemas, some hundred ms) must happen once per process, not per
 * call. Each schema's `$id` is its published URL and its `$ref`s are relative, so adding all files to
 * one Ajv instance resolves every reference without network access.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { domainToASCII, fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { LockstepError } from '../core/errors.js';

const SCHEMA_BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/';
const FOLDERS = ['common', 'sdos', 'sros', 'observables'] as const;

/** Schema `$id` per object type (`campaign` → …/sdos/campaign.json); filled when loaded. */
export interface SchemaSet {
  /** Compiled validator for a known type, or undefined for custom types. */
  forType(type: string): ValidateFunction | undefined;
  /** Common properties of SDOs/SROs (core.json), for custom object types. */
  core: ValidateFunction;
  /** Common properties of SCOs (cyber-observable-core.json), for custom observable types. */
  observableCore: ValidateFunction;
  /** The folder the schemas were read from. */
  dir: string;
}

function candidateDirs(): string[] {
  const dirs: string[] = [];
  const env = process.env.LOCKSTEP_STIX_SCHEMAS;
  if (env) dirs.push(env);
  // From sources (tsx) the folder sits beside this file; from dist/stix/ it stays in src/stix/.
  dirs.push(fileURLToPath(new URL('./oasis-schemas/', import.meta.url)));
  dirs.push(fileURLToPath(new URL('../../src/stix/oasis-schemas/', import.meta.url)));
  return dirs;
}

/**
 * `idn-hostname` is used by domain-name.json but ajv-formats does not implement it; Node's WHATWG
 * `domainToASCII` does the UTS #46 mapping, after which the ASCII hostname rules apply.
 */
function isIdnHostname(value: string): boolean {
  if (value.length === 0 || value.length > 253) return false;
  const ascii = domainToASCII(value);
  if (ascii === '') return false;
  return ascii
    .replace(/\.$/, '')
    .split('.')
    .every((label) => /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i.test(label));
}

let cached: SchemaSet | undefined;

/** Returns the compiled schema set, compiling it on first use. */
export function loadSchemas(): SchemaSet {
  if (cached) return cached;
  const dir = candidateDirs().find((d) => existsSync(join(d, 'common', 'core.json')));
  if (!dir) {
    throw new LockstepError('ERR_STIX_SCHEMAS_MISSING', 'OASIS STIX 2.1 schemas not found', {
      tried: candidateDirs(),
    });
  }
  // The OASIS patterns use escapes such as `\-` outside character classes, which are a syntax error
  // under the `u` flag, hence unicodeRegExp: false. strict: false because the schemas use the
  // draft-07 `definitions` keyword and descriptive keywords Ajv's strict mode rejects.
  const ajv = new Ajv2020({ allErrors: true, strict: false, unicodeRegExp: false });
  // ajv-formats is CommonJS with a default export; under NodeNext the callable sits on `.default`.
  addFormatsModule.default(ajv);
  ajv.addFormat('idn-hostname', isIdnHostname);
  const typeToId = new Map<string, string>();
  for (const folder of FOLDERS) {
    for (const file of readdirSync(join(dir, folder)).sort()) {
      if (!file.endsWith('.json')) continue;
      const schema = JSON.parse(readFileSync(join(dir, folder, file), 'utf8')) as { $id: string };
      ajv.addSchema(schema);
      const type = file.slice(0, -'.json'.length);
      if (
        folder !== 'common' ||
        ['marking-definition', 'language-content', 'extension-definition'].includes(type)
      ) {
        typeToId.set(type, schema.$id);
      }
    }
  }
  const compiled = new Map<string, ValidateFunction>();
  const get = (id: string): ValidateFunction => {
    let v = compiled.get(id);
    if (!v) {
      v = ajv.getSchema(id);
      if (!v) throw new LockstepError('ERR_STIX_SCHEMAS_MISSING', `schema ${id} missing`, { dir });
      compiled.set(id, v);
    }
    return v;
  };
  cached = {
    dir,
    forType: (type) => {
      const id = typeToId.get(type);
      return id === undefined ? undefined : get(id);
    },
    core: get(`${SCHEMA_BASE}common/core.json`),
    observableCore: get(`${SCHEMA_BASE}common/cyber-observable-core.json`),
  };
  return cached;
}
