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
    for (const file of ['population.csv', 'population_ethnicity.csv', 'imd.csv', 'imd2025.csv', 'lsoa_lookup.csv', 'area_lookup.csv', 'sources.json']) {
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

  const csvRows = (dir: string, file: string) => {
    const [header = '', ...lines] = readFileSync(join(dir, file), 'utf8').trimEnd().split('\n');
    return { header, lines };
  };

  it('keeps every LSOA pair and IoD2025 LSOA, codes only', () => {
    const lookup = csvRows(out, 'lsoa_lookup.csv');
    expect(lookup.header).toBe('lsoa11_code,lsoa21_code,change_code,lad22_code');
    expect(lookup.lines.length).toBe(csvRows(defaultSourceDir, 'lsoa11_lsoa21_lad.csv').lines.length);
    expect(lookup.lines).toContain('E01000001,E01000001,U,E09000001');
    const imd = csvRows(out, 'imd2025.csv');
    expect(imd.header).toBe('lsoa_code,lad_code,imd_rank,imd_decile,population');
    expect(imd.lines.length).toBe(csvRows(defaultSourceDir, 'imd2025_lsoa21.csv').lines.length);
    expect(imd.lines[0]).toBe('E01000001,E09000001,26525,8,');
  });

  it('sums the 19 census ethnic groups into 5 per LA without losing a person', () => {
    const source = csvRows(defaultSourceDir, 'ethnicity_lad.csv').lines;
    const total = (lines: string[]) => lines.reduce((sum, l) => sum + Number(/,(\d+),[\d.]+$/.exec(l)?.[1] ?? NaN), 0);
    const shipped = csvRows(out, 'population_ethnicity.csv');
    expect(shipped.header).toBe('area,year,ethnicity,population');
    expect(shipped.lines.length * 19).toBe(source.length * 5);
    expect(shipped.lines.reduce((sum, l) => sum + Number(l.split(',')[3]), 0)).toBe(total(source));
    // Trafford's Black groups in the source: African, Caribbean, Other Black.
    const traffordBlack = source.filter((l) => l.startsWith('E08000009,') && l.includes(',"Black, Black British'));
    expect(traffordBlack).toHaveLength(3);
    expect(shipped.lines).toContain(`E08000009,2021,Black,${total(traffordBlack)}`);
  });

  it('dedupes the area lookup to one row per LAD, keeping every CSP name', () => {
    const source = csvRows(defaultSourceDir, 'lad_csp_pfa.csv').lines;
    const lads = new Set(source.map((l) => l.split(',')[0]));
    const shipped = csvRows(out, 'area_lookup.csv');
    expect(shipped.header).toBe('lad_code,lad_name,csp_code,csp_name,pfa_code,pfa_name');
    expect([source.length, lads.size, shipped.lines.length]).toEqual([332, 318, 318]);
    expect(shipped.lines).toContain('E06000062,West Northamptonshire,,Northampton; Daventry and South Northamptonshire,E23000022,Northamptonshire');
    expect(shipped.lines).toContain('E08000009,Trafford,E22000107,Trafford,E23000005,Greater Manchester');
  });
});
