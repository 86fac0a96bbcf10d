/**
 * Lockstep report: writes a DetectionResult as edges.csv, accounts.csv, networks.json, graph.gexf,
 * report.html and run.json (docs/OUTPUTS.md), and reads such a directory back.
 */
export { writeDetectionOutput, OUTPUT_FILES } from './write-output.js';
export type { WriteOutputOptions } from './write-output.js';
export { readDetectionOutput } from './read-output.js';
export { renderReport } from './html.js';
export { networksFileSchema, NETWORKS_SCHEMA_VERSION } from './networks-schema.js';
export type { NetworksFile } from './networks-schema.js';
export { runFileSchema, RUN_SCHEMA_VERSION } from './run-json.js';
export { EDGE_COLUMNS } from './edges-csv.js';
export { ACCOUNT_COLUMNS } from './accounts-csv.js';
