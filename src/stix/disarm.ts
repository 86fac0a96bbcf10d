/**
 * Lockstep behaviours as DISARM Red Framework techniques (DISARMFoundation/DISARMframeworks,
 * generated_pages/techniques). docs/STIX.md explains each choice. Typed as a Record over Behaviour so
 * a new behaviour cannot ship without a mapping.
 */
import type { Behaviour } from '../core/behaviour.js';

export interface DisarmTechnique {
  /** DISARM technique id, e.g. "T0049.003". */
  id: string;
  name: string;
  /** DISARM tactic id and name. */
  tactic: { id: string; name: string };
}

const MAXIMISE_EXPOSURE = { id: 'TA17', name: 'Maximise Exposure' };
const DEVELOP_CONTENT = { id: 'TA06', name: 'Develop Content' };
const DELIVER_CONTENT = { id: 'TA09', name: 'Deliver Content' };

const T0049 = { id: 'T0049', name: 'Flooding the Information Space', tactic: MAXIMISE_EXPOSURE };

export const DISARM_BY_BEHAVIOUR: Readonly<Record<Behaviour, readonly DisarmTechnique[]>> = {
  'co-retweet': [
    {
      id: 'T0049.003',
      name: 'Bots Amplify via Automated Forwarding and Reposting',
      tactic: MAXIMISE_EXPOSURE,
    },
  ],
  'co-link': [T0049],
  'co-domain': [T0049],
  'co-hashtag': [{ id: 'T0049.002', name: 'Flood Existing Hashtag', tactic: MAXIMISE_EXPOSURE }],
  'co-post': [{ id: 'T0119', name: 'Cross-Posting', tactic: MAXIMISE_EXPOSURE }],
  'co-similar': [{ id: 'T0084.001', name: 'Use Copypasta', tactic: DEVELOP_CONTENT }],
  'co-reply': [{ id: 'T0116.001', name: 'Post Inauthentic Social Media Comment', tactic: DELIVER_CONTENT }],
  'co-mention': [{ id: 'T0049.005', name: 'Conduct Swarming', tactic: MAXIMISE_EXPOSURE }],
  'co-image': [{ id: 'T0084', name: 'Reuse Existing Content', tactic: DEVELOP_CONTENT }],
};

/** The technique page in the DISARM framework repository. */
export function disarmUrl(id: string): string {
  return `https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages/techniques/${id}.md`;
}

/** Kill-chain phase name for a tactic ("Maximise Exposure" → "maximise-exposure"). */
export function disarmPhase(tactic: { name: string }): string {
  return tactic.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
