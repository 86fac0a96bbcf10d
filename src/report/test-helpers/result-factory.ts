/**
 * Builds DetectionResult values by hand for the report tests: a few networks with awkward strings
 * (commas, quotes, line breaks, markup, non-BMP characters) so every writer's escaping is exercised.
 */
import type { Behaviour } from '../../core/behaviour.js';
import type { AccountResult, AutomationScore, DetectionResult, Edge, Network } from '../../core/result.js';

const T0 = Date.UTC(2024, 2, 4, 9) / 1000;

/** A hand-made automation score: one available term with awkward text, one unavailable. */
function automation(followers: number): AutomationScore {
  const logOdds = followers < 10 ? 1 : -0.5;
  const logit = Math.log(0.1 / 0.9) + logOdds;
  return {
    score: 1 / (1 + Math.exp(-logit)),
    logit,
    prior: 0.1,
    model: 'test-model',
    contributions: [
      {
        signal: 'followers',
        value: followers,
        logOdds,
        available: true,
        explanation: `${followers} followers, "few" <b>, ok`,
      },
      {
        signal: 'verified',
        value: null,
        logOdds: 0,
        available: false,
        explanation: 'Not available (adds 0): the input has no verified flag.',
      },
    ],
    unavailable: ['verified'],
  };
}

export function makeResult(
  options: { networks?: number; size?: number; seed?: number } = {},
): DetectionResult {
  const nNet = options.networks ?? 3;
  const size = options.size ?? 5;
  const edges: Edge[] = [];
  const accounts: AccountResult[] = [];
  const networks: Network[] = [];
  const behaviours: Behaviour[] = ['co-retweet', 'co-link', 'co-post'];
  for (let k = 0; k < nNet; k++) {
    const members = Array.from({ length: size }, (_, i) => `acct-${k}-${i}`);
    const behaviour = behaviours[k % behaviours.length]!;
    let score = 0;
    for (let i = 0; i < size; i++)
      for (let j = i + 1; j < size; j++) {
        const w = 2 + ((i + j + k) % 5) + 0.25;
        score += w;
        // Deliberately b < a for some edges: the writer must order the pair.
        const [a, b] = (i + j) % 2 === 0 ? [members[j]!, members[i]!] : [members[i]!, members[j]!];
        edges.push({
          a,
          b,
          behaviour,
          weight: w,
          coActions: 3 + i,
          objects: 2 + j,
          // Every other edge decided by the lag test (observed ≤ co-actions, a signed lag).
          ...(k % 2 === 0
            ? { test: 'count' as const, observed: 3 + i }
            : { test: 'lag' as const, observed: 2 + i, lag: -45.5 }),
          expected: 0.01 * (i + 1),
          pValue: 1e-9 * (j + 1),
          qValue: 1e-7 * (j + 1),
          first: T0 + k * 3600,
          last: T0 + k * 3600 + 1800,
        });
      }
    members.forEach((m, i) =>
      accounts.push({
        account: m,
        screenName: i === 0 ? `user,"${k}"\n<b>` : `user_${k}_${i}😀`,
        network: `N${k + 1}`,
        score: 10 - i,
        posts: 20 + i,
        signals: [
          {
            name: 'creation-burst',
            value: i % 2 === 0,
            flagged: i % 2 === 0,
            explanation: 'Created within 3 days of 4 other members, a sign of bulk registration.',
          },
          {
            name: 'cadence-regularity',
            value: 0.1 * i,
            flagged: false,
            explanation: 'Posting intervals vary like a person’s.',
          },
        ],
        // The last member has none, as in a result written before the score existed.
        ...(i === size - 1 ? {} : { automation: automation(i * 7) }),
      }),
    );
    networks.push({
      id: `N${k + 1}`,
      members,
      behaviours: [behaviour],
      score,
      expected: 0.5,
      pValue: 1e-12,
      qValue: 1e-10,
      // One network whose co-reply was left out as an audience's (engine/audience.ts).
      ...(k === 0
        ? {
            audience: [
              {
                behaviour: 'co-reply' as const,
                sharedObjects: 40,
                members: size,
                memberReach: 12,
                outsiders: 57,
              },
            ],
          }
        : {}),
      edges: (size * (size - 1)) / 2,
      density: 1,
      topObjects: [
        {
          behaviour,
          object: `https://example.test/a?x=1&y=<2>`,
          label: 'Headline, with "quotes"',
          accounts: size,
          actions: size * 2,
        },
      ],
      timeline: [
        { start: T0 + k * 3600, end: T0 + k * 3600 + 600, coActions: 12, accounts: size },
        { start: T0 + 86400 + k * 3600, end: T0 + 86400 + k * 3600 + 300, coActions: 5, accounts: 3 },
      ],
      examples: [
        {
          id: `p${k}`,
          account: members[0]!,
          time: T0 + k * 3600,
          text: 'Read this </script><script>alert(1)</script>',
          behaviour,
        },
      ],
      summary: `${size} accounts acted together; q = 1e-10.`,
    });
  }
  accounts.push({ account: 'loner', network: null, score: 0, posts: 1, signals: [] });
  return {
    parameters: {
      inputs: ['in.csv'],
      format: 'twitter-io',
      behaviours,
      windows: { 'co-retweet': 60, 'co-link': 600 },
      windowSource: 'default',
      minParticipation: 2,
      semantics: 'lockstep',
      fdr: 0.05,
      seed: options.seed ?? 1,
    },
    input: {
      files: [{ path: 'in.csv', format: 'twitter-io', rows: 101, posts: 100, skipped: 1 }],
      posts: 100,
      accounts: 40,
      skipped: 1,
      skippedExamples: [{ file: 'in.csv', line: 7, reason: 'bad tweet_time "yesterday"' }],
    },
    edges,
    accounts,
    networks,
    timings: { actions: 5, graph: 3 },
    peakRssBytes: 123456789,
    startedAt: '2024-03-05T10:00:00.000Z',
    finishedAt: '2024-03-05T10:00:02.000Z',
    lockstepVersion: '0.1.0',
  };
}
