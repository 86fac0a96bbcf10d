/**
 * Per-account and per-network signals, every one a value, a flag and a sentence with the numbers in it
 * (no black box). Build AccountActivity in one pass with ActivityCollector, then call accountSignals
 * per account and networkSignals per detected network. Thresholds and their sources: thresholds.ts.
 */
export { ActivityCollector, type AccountActivity } from './activity.js';
export {
  accountSignals,
  accountAgeSignal,
  activeHoursSignal,
  cadenceSignal,
  defaultProfileSignal,
  followerSignal,
  formatDuration,
  handleSignal,
  postsPerDaySignal,
  repostRatioSignal,
} from './account-signals.js';
export {
  creationBurstSignal,
  networkBaseline,
  networkSignals,
  sharedHandleSignal,
  synchronisedHoursSignal,
  type NetworkBaseline,
  type NetworkSignalOptions,
} from './network-signals.js';
export { populationStats, type PopulationStats } from './population.js';
export { automationContext, automationScore, type AutomationContext } from './automation-score.js';
export { AUTOMATION_MODEL, AUTOMATION_PRIOR, AUTOMATION_TERMS } from './automation-model.js';
export { handleShape, isAutoSuggestedHandle } from './handle.js';
export { THRESHOLDS } from './thresholds.js';
