/** The fact-check fixtures (src/factcheck/fixtures, invented for the tests) the CLI tests share. */
import { fileURLToPath } from 'node:url';

export const fx = (name: string): string =>
  fileURLToPath(new URL(`../../factcheck/fixtures/${name}`, import.meta.url));

/** One fixture per import format (ClaimReview single/array/@graph/JSON lines/HTML, API, DataFeed, CSV). */
export const FACT_CHECK_FILES = [
  'claimreview-single.json',
  'claimreview-array.json',
  'claimreview-graph.json',
  'claimreview.jsonl',
  'page.html',
  'api-response.json',
  'datafeed.json',
  'factchecks.csv',
].map(fx);
