/** Reads a simulation's `truth.csv` back (benchmarks score detections against it). */
import { LockstepError } from '../core/errors.js';
import type { TruthAccount } from './simulate.js';
import { CAMPAIGN_KINDS, type CampaignKind } from './population.js';
import { readTextFile } from '../core/read-text.js';

export async function readTruth(path: string): Promise<TruthAccount[]> {
  const text = await readTextFile(path);
  const lines = text.split('\n');
  if (lines[0]?.trim() !== 'account,campaign,kind') {
    throw new LockstepError(
      'ERR_INGEST_FORMAT',
      `${path}: line 1: expected the header account,campaign,kind`,
      {
        file: path,
        line: 1,
      },
    );
  }
  const out: TruthAccount[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const [account, campaign, kind, ...rest] = line.split(',');
    const validKind =
      kind === '' || kind === 'news-bot' || (CAMPAIGN_KINDS as readonly string[]).includes(kind ?? '');
    if (!account || campaign === undefined || kind === undefined || rest.length > 0 || !validKind) {
      throw new LockstepError('ERR_INGEST_FORMAT', `${path}: line ${i + 1}: expected account,campaign,kind`, {
        file: path,
        line: i + 1,
      });
    }
    out.push({
      account,
      screenName: '',
      campaign: campaign === '' ? null : campaign,
      kind: kind === '' ? null : (kind as CampaignKind | 'news-bot'),
    });
  }
  return out;
}
