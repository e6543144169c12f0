import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { referenceDataDir } from './paths.js';

/**
 * sources.json beside the shipped CSVs: where each shipped table comes from, its licence and
 * caveats, as written by scripts/build-reference.ts. Read, not imported, so the packaged app
 * shows the file that ships with the data.
 */
const SourceFile = z.object({
  file: z.string(),
  title: z.string(),
  publisher: z.string(),
  year: z.string(),
  url: z.string().nullable(),
  via: z.string(),
});

const CatalogueEntry = z.object({
  file: z.string(),
  table: z.string(),
  title: z.string(),
  publisher: z.string(),
  year: z.string(),
  attribution: z.string(),
  description: z.string(),
  columns: z.array(z.string()),
  sources: z.array(SourceFile),
  caveats: z.array(z.string()),
  rows: z.number().int().nonnegative(),
  sha256: z.string(),
});
export type CatalogueEntry = z.infer<typeof CatalogueEntry>;

const Catalogue = z.object({
  licence: z.object({ name: z.string(), url: z.string() }),
  attribution: z.string(),
  files: z.array(CatalogueEntry),
});
export type Catalogue = z.infer<typeof Catalogue>;

export function readCatalogue(dir: string = referenceDataDir()): Catalogue {
  const path = join(dir, 'sources.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: cannot read the reference catalogue (${err instanceof Error ? err.message : String(err)})`);
  }
  const parsed = Catalogue.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'not a reference catalogue'}`);
  }
  return parsed.data;
}
