/**
 * The data-set dashboard's shapes (zod), shared by the server and the browser client like
 * api-schema.ts: what import stores (the run's `dashboard` page and one `dashboard-account:ID` page per
 * account of the run's results), what `GET /api/runs/:id/dashboard` answers, and the watchlist and
 * "open a case from a finding" requests.
 */
import { z } from 'zod';

export const DASHBOARD_KINDS = ['hashtag', 'url', 'domain', 'account', 'post'] as const;
export const dashboardKindSchema = z.enum(DASHBOARD_KINDS);
export type DashboardKind = z.infer<typeof dashboardKindSchema>;

/** Hour slots are `floor(unix seconds / 3600)`; a series is flat `[slot, count, slot, count, …]`. */
export const storedItemSchema = z.object({
  key: z.string(),
  label: z.string().nullable(),
  /** For a post: the original's author (what the repost id points to). */
  author: z.string().nullable(),
  total: z.number(),
  series: z.array(z.number()),
  /** Accounts of the run's results that posted the item, most first, with their counts. */
  accounts: z.array(z.tuple([z.string(), z.number()])),
});
export type StoredItem = z.infer<typeof storedItemSchema>;

/** The run's `dashboard` page: hourly totals and the candidate items of each kind. */
export const storedDashboardSchema = z.object({
  firstSlot: z.number(),
  /** Posts per hour from `firstSlot`, dense. */
  totals: z.array(z.number()),
  items: z.record(dashboardKindSchema, z.array(storedItemSchema)),
});
export type StoredDashboard = z.infer<typeof storedDashboardSchema>;

/** One account's `dashboard-account:ID` page: what it posted, per kind, as sparse hourly series. */
export const storedAccountDashboardSchema = z.object({
  account: z.string(),
  label: z.string().nullable(),
  posts: z.array(z.number()),
  items: z.record(
    dashboardKindSchema,
    z.array(
      z.object({
        key: z.string(),
        label: z.string().nullable(),
        author: z.string().nullable(),
        series: z.array(z.number()),
      }),
    ),
  ),
});
export type StoredAccountDashboard = z.infer<typeof storedAccountDashboardSchema>;

export const BUCKETS = ['hour', 'day'] as const;

/** GET /api/runs/:id/dashboard query: a time range (ISO), a bucket and optionally a watchlist. */
export const dashboardQuerySchema = z.strictObject({
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  bucket: z.enum(BUCKETS).optional(),
  watchlist: z
    .string()
    .regex(/^wl-[0-9a-f]{16}$/, 'must be a watchlist id like wl-0123456789abcdef')
    .optional(),
});
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

export const spikeSchema = z.object({
  /** Index into the curve (a bucket of the chosen range). */
  index: z.number(),
  count: z.number(),
  expected: z.number(),
  surprise: z.number(),
});

export const dashboardItemSchema = z.object({
  key: z.string(),
  label: z.string().nullable(),
  author: z.string().nullable(),
  /** Posts with the item in the range (for an account: its posts). */
  count: z.number(),
  curve: z.array(z.number()),
  spikes: z.array(spikeSchema),
  /** Accounts of the run's results behind the item (a case can be opened on them). */
  accounts: z.array(z.string()),
});
export type DashboardItem = z.infer<typeof dashboardItemSchema>;

export const dashboardSchema = z.object({
  runId: z.string(),
  runTitle: z.string(),
  scope: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('run') }),
    z.object({
      kind: z.literal('watchlist'),
      id: z.string(),
      name: z.string(),
      accounts: z.number(),
      /** Members the run keeps no per-account detail for (not among its results). */
      missing: z.array(z.string()),
    }),
  ]),
  /** The data set's first and last hour (null without input posts). */
  dataFrom: z.string().nullable(),
  dataTo: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  bucket: z.enum(BUCKETS),
  /** Start of the curve's first bucket. */
  curveStart: z.string(),
  /** When the figures were computed from the data: the run's import, or now for a watchlist. */
  refreshedAt: z.string(),
  totals: z.array(z.number()),
  totalSpikes: z.array(spikeSchema),
  sections: z.array(z.object({ kind: dashboardKindSchema, items: z.array(dashboardItemSchema) })),
  criteria: z.object({
    alpha: z.number(),
    halfLifeBins: z.number(),
    minCount: z.number(),
    minRate: z.number(),
    top: z.number(),
    candidates: z.string(),
  }),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

const accountId = z.string().trim().min(1).max(256);
export const MAX_WATCHLIST_ACCOUNTS = 500;

/** POST /api/watchlists and PUT /api/watchlists/:id. */
export const watchlistRequestSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(100, 'at most 100 characters')
    // eslint-disable-next-line no-control-regex -- refusing control characters is the point
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { message: 'must not contain control characters' }),
  accounts: z.array(accountId).min(1, 'must name at least one account').max(MAX_WATCHLIST_ACCOUNTS),
});
export type WatchlistRequest = z.infer<typeof watchlistRequestSchema>;

export const watchlistSchema = z.object({
  id: z.string(),
  name: z.string(),
  accounts: z.array(z.string()),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const watchlistListSchema = z.object({ watchlists: z.array(watchlistSchema) });
export type WatchlistView = z.infer<typeof watchlistSchema>;

/** POST /api/runs/:id/dashboard/cases: open a case on a finding as the dashboard shows it. */
export const findingCaseSchema = z.strictObject({
  kind: dashboardKindSchema,
  key: z.string().min(1).max(2048),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  bucket: z.enum(BUCKETS).optional(),
  watchlist: dashboardQuerySchema.shape.watchlist,
});
export type FindingCaseRequest = z.infer<typeof findingCaseSchema>;
