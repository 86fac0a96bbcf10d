/** Builders for hand-made detection results, so mapping tests do not depend on the detector. */
import type { DetectionResult, Network } from '../../core/result.js';

export function network(id: string, members: string[], over: Partial<Network> = {}): Network {
  return {
    id,
    members,
    behaviours: ['co-retweet', 'co-link'],
    score: 42.5,
    expected: 1.25,
    pValue: 1e-9,
    qValue: 2e-8,
    edges: members.length,
    density: 0.8,
    topObjects: [
      { behaviour: 'co-link', object: 'https://news.example.com/story?id=1', accounts: 3, actions: 9 },
      { behaviour: 'co-retweet', object: '1234567890', accounts: 3, actions: 3 },
    ],
    timeline: [{ start: 1_700_000_000, end: 1_700_000_600, coActions: 12, accounts: members.length }],
    examples: [
      {
        id: 'p1',
        account: members[0]!,
        time: 1_700_000_010,
        text: "It's happening",
        behaviour: 'co-retweet',
      },
    ],
    summary: `${members.length} accounts retweeted the same posts within seconds, far more than chance.`,
    ...over,
  };
}

export function detectionResult(networks: Network[], over: Partial<DetectionResult> = {}): DetectionResult {
  const members = networks.flatMap((n) => n.members.map((m) => ({ m, n: n.id })));
  return {
    parameters: {
      inputs: ['/data/run/tweets.jsonl'],
      format: 'twitter-jsonl',
      behaviours: ['co-retweet', 'co-link'],
      windows: { 'co-retweet': 60, 'co-link': 60 },
      windowSource: 'given',
      minParticipation: 2,
      semantics: 'lockstep',
      fdr: 0.05,
      seed: 1,
    },
    input: { files: [], posts: 1000, accounts: 200, skipped: 0, skippedExamples: [] },
    edges: [],
    accounts: members.map(({ m, n }) => ({
      account: m,
      screenName: `user_${m}`,
      network: n,
      score: 10,
      posts: 20,
      signals: [
        {
          name: 'creation-burst',
          value: true,
          flagged: true,
          explanation: 'Created in a burst with other members.',
        },
      ],
    })),
    networks,
    timings: {},
    peakRssBytes: 0,
    startedAt: '2024-03-01T10:00:00.000Z',
    finishedAt: '2024-03-01T10:05:00.000Z',
    lockstepVersion: '0.1.0',
    ...over,
  };
}
