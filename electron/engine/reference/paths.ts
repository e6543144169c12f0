import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the shipped reference CSVs live: `data/` beside this module. Resolved from the module's
 * own URL so it holds in the source tree, under tsx/vitest, and in a packaged build that copies
 * data/ next to the compiled file.
 */
export function referenceDataDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), 'data');
}
