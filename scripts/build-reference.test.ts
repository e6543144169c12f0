import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReference, defaultOutDir, defaultSourceDir } from './build-reference.js';

// The offline source copies live beside the repository (shared/reference), not in it.
describe.skipIf(!existsSync(defaultSourceDir))('build-reference', () => {
  const out = mkdtempSync(join(tmpdir(), 'sv-build-ref-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('rebuilds the committed reference files byte for byte', async () => {
    await buildReference(defaultSourceDir, out);
    for (const file of ['population.csv', 'imd.csv', 'sources.json']) {
      expect(readFileSync(join(out, file)).equals(readFileSync(join(defaultOutDir, file))), file).toBe(true);
    }
  });

  it('keeps every source row: 90+ becomes 90, sexes become M/F, names are dropped', () => {
    const lines = readFileSync(join(out, 'population.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('area,year,sex,age,ethnicity,population');
    const sourceRows = ['population_lad_age_sex.csv', 'population_lad_age_sex_census2021_gm.csv', 'population_trafford_age_sex_mye.csv']
      .map((f) => readFileSync(join(defaultSourceDir, f), 'utf8').trimEnd().split('\n').length - 1)
      .reduce((a, b) => a + b, 0);
    expect(lines.length - 1).toBe(sourceRows);
    // Source: E08000009,Trafford,2024,2024-06-30,male,90+,723 (and female 1468).
    expect(lines).toContain('E08000009,2024,M,90,,723');
    expect(lines).toContain('E08000009,2024,F,90,,1468');
  });
});
