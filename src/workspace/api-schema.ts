/**
 * The workspace API's shapes, as zod schemas: ONE module imported by the server (validating what it
 * reads and sends) and by the browser client in web/ (validating what it receives). Times are ISO
 * 8601 strings; keys are camelCase like run.json. Changing a schema here changes both ends at once.
 */
import { z } from 'zod';

export const TLPS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export const tlpSchema = z.enum(TLPS);
export type RunTlp = z.infer<typeof tlpSchema>;

/** POST /api/login body. Bounded so a request cannot make scrypt hash megabytes. */
export const loginRequestSchema = z.object({
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

/** GET /api/session and POST /api/login answer: who is in, and the token state-changing calls send. */
export const sessionSchema = z.object({
  username: z.string(),
  org: z.string(),
  csrf: z.string(),
});
export type SessionInfo = z.infer<typeof sessionSchema>;

export const runSummarySchema = z.object({
  id: z.string(),
  org: z.string(),
  tlp: tlpSchema,
  title: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  addedAt: z.string(),
  posts: z.number(),
  accounts: z.number(),
  networks: z.number(),
  edges: z.number(),
  parameters: z.object({
    inputs: z.array(z.string()),
    format: z.string(),
    behaviours: z.array(z.string()),
    windows: z.record(z.string(), z.number()),
    semantics: z.string(),
    fdr: z.number(),
    seed: z.number(),
  }),
  input: z.object({ posts: z.number(), accounts: z.number(), skipped: z.number() }),
});
export type RunSummary = z.infer<typeof runSummarySchema>;
export const runListSchema = z.object({ runs: z.array(runSummarySchema) });

export const graphNodeSchema = z.object({
  id: z.string(),
  label: z.string(),
  network: z.string().nullable(),
  score: z.number(),
  posts: z.number(),
  automation: z.number().nullable(),
  /** Names of the account's flagged signals. */
  flagged: z.array(z.string()),
  /** The account's first and last co-action over all its edges (null: no edge). */
  first: z.string().nullable().optional(),
  last: z.string().nullable().optional(),
  /** Position laid out at import (graph-page.ts); absent in runs imported before it was. */
  x: z.number().optional(),
  y: z.number().optional(),
});
export type GraphNode = z.infer<typeof graphNodeSchema>;

export const graphEdgeSchema = z.object({
  a: z.string(),
  b: z.string(),
  behaviour: z.string(),
  weight: z.number(),
  coActions: z.number(),
  /** observed ÷ expected of the edge's chance test (×chance); null in coortweet mode. */
  ratio: z.number().nullable(),
  q: z.number().nullable(),
  first: z.string(),
  last: z.string(),
});
export type GraphEdge = z.infer<typeof graphEdgeSchema>;

export const sharedObjectSchema = z.object({
  behaviour: z.string(),
  object: z.string(),
  label: z.string().nullable(),
  accounts: z.number(),
  actions: z.number(),
  /**
   * For a co-retweet object (a post id): the original's author and text, found in the input posts at
   * import; null when the run was added without them or the post is not in them.
   */
  original: z.object({ author: z.string().nullable(), text: z.string().nullable() }).nullable().optional(),
});

export const examplePostSchema = z.object({
  id: z.string().nullable(),
  account: z.string(),
  time: z.string(),
  text: z.string().nullable(),
  behaviour: z.string().nullable(),
  /** For a repost: the author of the original (what a retweet id points to). */
  repostOf: z.string().nullable(),
});
export type ExamplePost = z.infer<typeof examplePostSchema>;

export const networkSchema = z.object({
  id: z.string(),
  members: z.array(z.string()),
  behaviours: z.array(z.string()),
  score: z.number(),
  ratio: z.number().nullable(),
  q: z.number().nullable(),
  summary: z.string(),
  topObjects: z.array(sharedObjectSchema),
  timeline: z.array(
    z.object({ start: z.string(), end: z.string(), coActions: z.number(), accounts: z.number() }),
  ),
  examples: z.array(examplePostSchema),
});
export type NetworkView = z.infer<typeof networkSchema>;

/**
 * GET /api/runs/:id/graph — the fused account graph's first view with its networks, precomputed at
 * import (graph-page.ts): every node, the strongest edges; `edgeChunks` more chunks of edges follow
 * at /api/runs/:id/graph/edges/1…N. Runs imported before chunking have all their edges here and no
 * `edgeTotal`.
 */
export const graphPageSchema = z.object({
  run: runSummarySchema,
  nodes: z.array(graphNodeSchema),
  edges: z.array(graphEdgeSchema),
  /** Edges in the whole graph (this page's and every chunk's). */
  edgeTotal: z.number().optional(),
  edgeChunks: z.number().optional(),
  behaviours: z.array(z.string()),
  /** Signal names flagged on at least one node (the signal filter's choices). */
  signals: z.array(z.string()).optional(),
  /** First and last co-action over every edge (the time-range filter's bounds). */
  span: z.object({ first: z.string(), last: z.string() }).nullable().optional(),
  networks: z.array(networkSchema),
  /**
   * Amplified objects precomputed for the explorer's second node type (graph-objects.ts): how many,
   * 0 when the run was added without its input posts; absent in runs imported before objects were.
   */
  objectTotal: z.number().optional(),
});
export type GraphPage = z.infer<typeof graphPageSchema>;
/** A graph page without its edges: what the explorer's panels read (its edges enter the graph from columns). */
export type GraphHead = Omit<GraphPage, 'edges'>;

/** Kinds of amplified object: a retweeted post, a retweeted account, a URL, a domain, a hashtag. */
export const OBJECT_KINDS = ['post', 'account', 'url', 'domain', 'hashtag'] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

/** An object the run's accounts acted on, drawn as the explorer's second node type. */
export const graphObjectSchema = z.object({
  /** `kind:key`, the graph's node id (accounts keep their own ids). */
  id: z.string(),
  kind: z.enum(OBJECT_KINDS),
  /** The post id, account id, canonical URL, domain or hashtag (no `#`). */
  key: z.string(),
  /** What the page shows: `#tag`, the URL, the domain, `@author`, or "retweets of @author: text". */
  label: z.string(),
  /** A retweeted post's original author; a retweeted account's own id. */
  author: z.string().nullable(),
  /** A retweeted post's text as the retweets quote it (without `RT @author:`). */
  text: z.string().nullable(),
  /** The run's accounts that acted on it, and their actions on it, over the whole data set. */
  accounts: z.number(),
  actions: z.number(),
  x: z.number(),
  y: z.number(),
});
export type GraphObject = z.infer<typeof graphObjectSchema>;

/** An account → object tie: `weight` is that account's actions on the object (posts, retweets). */
export const graphObjectEdgeSchema = z.object({
  account: z.string(),
  object: z.string(),
  weight: z.number(),
  /** The hours of the account's first and last action on it (time-range filter). */
  first: z.string(),
  last: z.string(),
});
export type GraphObjectEdge = z.infer<typeof graphObjectEdgeSchema>;

/**
 * GET /api/runs/:id/graph/objects — the second node type, bounded like the first view: the top
 * objects per kind the run's accounts co-acted on (≥ 2 of them), and at most as many account→object
 * ties as the first view has edges, each account's and each object's strongest first.
 */
export const graphObjectsPageSchema = z.object({
  objects: z.array(graphObjectSchema),
  edges: z.array(graphObjectEdgeSchema),
  /** Objects at least two of the run's accounts acted on, before the bound. */
  candidates: z.number(),
  /** Account→object ties of the kept objects, before the bound on ties. */
  edgeTotal: z.number(),
});
export type GraphObjectsPage = z.infer<typeof graphObjectsPageSchema>;

/** Posts per bucket from `start`, `bucketSeconds` apart (hour or day, chosen by the run's span). */
export const activitySchema = z.object({
  start: z.string(),
  bucketSeconds: z.number(),
  counts: z.array(z.number()),
});
export type Activity = z.infer<typeof activitySchema>;

export const accountPageSchema = z.object({
  runId: z.string(),
  account: z.string(),
  screenName: z.string().nullable(),
  network: z.string().nullable(),
  score: z.number(),
  posts: z.number(),
  signals: z.array(
    z.object({
      name: z.string(),
      value: z.union([z.number(), z.string(), z.boolean(), z.null()]),
      flagged: z.boolean(),
      explanation: z.string(),
    }),
  ),
  automation: z
    .object({
      score: z.number(),
      contributions: z.array(
        z.object({
          signal: z.string(),
          logOdds: z.number(),
          available: z.boolean(),
          explanation: z.string(),
        }),
      ),
    })
    .nullable(),
  /** Co-actions with each partner: what, how much, when, how close in time. */
  partners: z.array(
    z.object({
      account: z.string(),
      label: z.string(),
      behaviour: z.string(),
      coActions: z.number(),
      objects: z.number(),
      weight: z.number(),
      ratio: z.number().nullable(),
      lag: z.number().nullable(),
      first: z.string(),
      last: z.string(),
    }),
  ),
  /** Null when the run was added without its input posts. */
  activity: activitySchema.nullable(),
  /** The account's posts per UTC hour of day, and the data set's (both null without input posts). */
  hours: z.array(z.number()).nullable(),
  datasetHours: z.array(z.number()).nullable(),
  examples: z.array(examplePostSchema),
});
export type AccountPage = z.infer<typeof accountPageSchema>;

/** Every error the API answers: a code from the error catalog and a message safe to show. */
export const apiErrorSchema = z.object({ error: z.string(), message: z.string() });
