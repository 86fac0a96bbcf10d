/**
 * Lockstep simulate: a seeded generator of organic background posts with planted coordinated
 * campaigns and their ground truth (for tuning, tests, benchmarks and the demo).
 */
export { simulate, DEFAULT_START, parseStart } from './simulate.js';
export type { SimulateOptions, Simulation, GroundTruth, TruthAccount } from './simulate.js';
export { writeSimulation, TWITTER_IO_COLUMNS, QUT_COLUMNS, formatTweetTime } from './write.js';
export type { WriteSimulationOptions, WriteSimulationResult, SimulationFormat } from './write.js';
export { readTruth } from './truth.js';
export { CAMPAIGN_KINDS } from './population.js';
export type { CampaignKind } from './population.js';
export { SCENARIO_KINDS } from './scenarios.js';
export type { ScenarioKind, ScenarioPlan } from './scenarios.js';
