/** Reads a simulation's `truth.csv` back (benchmarks score detections against it). */
import { LockstepError } from '../core/errors.js';
import type { TruthAccount } from './simulate.js';
import { CAMPAIGN_KINDS, type CampaignKind } from './population.js';
import { readTextFile } from '../core/read-text.js';

const HEADER = 'account,campaign,kind';
/** Since the hard-negative scenarios: a fourth column of space-separated scenario ids. */
const HEADER_SCENARIOS = 'account,campaign,kind,scenarios';

/** Reads `truth.csv` in either layout (files written before scenarios have three columns). */
export async function readTruth(path: string): Promise<TruthAccount[]> {
  const text = await readTextFile(path);
  const lines = text.split('\n');
  const header = lines[0]?.trim();
  if (header !== HEADER && header !== HEADER_SCENARIOS) {
    throw new LockstepError(
      'ERR_INGEST_FORMAT',
      `${path}: line 1: expected the header ${HEADER_SCENARIOS} (or ${HEADER})`,
      { file: path, line: 1 },
    );
  }
  const columns = header === HEADER ? 3 : 4;
  const out: TruthAccount[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const cells = line.split(',');
    const [account, campaign, kind, scenarios] = cells;
    const validKind =
      kind === '' || kind === 'news-bot' || (CAMPAIGN_KINDS as readonly string[]).includes(kind ?? '');
    const validScenarios = scenarios === undefined || /^(S\d+( S\d+)*)?$/.test(scenarios);
    if (!account || cells.length !== columns || !validKind || !validScenarios) {
      throw new LockstepError(
        'ERR_INGEST_FORMAT',
        `${path}: line ${i + 1}: expected ${columns === 3 ? HEADER : HEADER_SCENARIOS} (scenarios as space-separated ids like S3 S12)`,
        { file: path, line: i + 1 },
      );
    }
    out.push({
      account,
      screenName: '',
      campaign: campaign === '' ? null : campaign!,
      kind: kind === '' ? null : (kind as CampaignKind | 'news-bot'),
      scenarios: scenarios ? scenarios.split(' ') : [],
    });
  }
  return out;
}
