import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../contract/index.js';
import { generateDemo } from '../../../fixtures/generate-demo.js';
import { RAW_EXTRACTS, expectedCanonical, profilePath, rawPath, readExpected } from '../../../fixtures/raw/extracts.js';
import { canonicalTable } from '../canonical/tables.js';
import { commitImport } from '../import/commit.js';
import { previewImport } from '../import/preview.js';
import { makeSandbox, type Sandbox } from '../import/testSupport.js';
import { quoteIdent } from '../db/sql.js';
import { profileFromJson } from '../profiles/json.js';
import { previewMapping } from './preview.js';
import { proposeMapping } from './propose.js';

/**
 * The agencies' messy extracts (fixtures/raw, one per agency, with their profiles) through the
 * real import: read with the profile's read options, mapped, validated — exactly the bad rows
 * their expected.json lists, at those lines — then committed leaving those rows out, which
 * must give back the demo canonical tables exactly. And the proposer, given only the extract,
 * picks the same source column for every canonical column as the hand-written profile.
 * In catalogue order: offences first, so victims and suspects are checked against them.
 */
let sb: Sandbox;
beforeAll(async () => {
  sb = await makeSandbox();
});
afterAll(() => sb.cleanup());

const demo = generateDemo();
const sources = (columns: Record<string, { source: string | null }>) => Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, v.source]));

describe.each(RAW_EXTRACTS.map((e) => [e.file, e] as const))('%s', (_file, extract) => {
  it('validates to exactly the listed bad rows, loads the demo table exactly, and is proposed the same', async () => {
    const expected = readExpected(extract.file);
    const profile = profileFromJson(readFileSync(profilePath(extract), 'utf8'), extract.profile);
    const file = sb.ws.resolveFile(sb.ws.registerFile(rawPath(extract.file)).token);
    const preview = await previewImport(sb.ws, file, { ...profile.read });
    expect([preview.rowsAccepted, preview.rowsRejected]).toEqual([expected.data_rows, 0]);
    // Free text survives its encoding: £, smart quotes (Windows-1252 0x91–0x94) and the rest.
    const samples = (expected as { samples?: { column: string; value: string }[] }).samples ?? [];
    for (const sample of samples) {
      expect(preview.sampleRows.map((r) => r[sample.column]), sample.value).toContain(sample.value);
    }

    const mapped = await previewMapping(sb.ws, preview.previewId, profile);
    expect(mapped.layout.matches).toBe(true);
    expect(mapped.columns.filter((c) => c.failed > 0)).toEqual([]);
    const found = mapped.problems.map((p) => ({ kind: p.kind, column: p.column, count: p.count, lines: p.examples.map((e) => e.line) }));
    const sort = (xs: typeof found) => [...xs].sort((a, b) => `${a.kind}${a.column}`.localeCompare(`${b.kind}${b.column}`));
    expect(sort(found)).toEqual(sort(expected.problems));

    const proposed = await proposeMapping(sb.ws, preview.previewId, extract.table);
    const table = canonicalTable(extract.table)!;
    expect(sources(proposed.columns)).toEqual(Object.fromEntries(table.columns.map((c) => [c.name, profile.columns[c.name]?.source ?? null])));
    // Every local code it proposes means what the profile says, matched as the import matches
    // (trimmed, any case); the Chinese spellings are proposed, and as Asian, like the profile.
    const key = (v: string) => v.trim().toLowerCase();
    for (const c of table.columns) {
      const want = new Map(Object.entries(profile.columns[c.name]?.codes ?? {}).map(([k, v]) => [key(k), v]));
      for (const [value, code] of Object.entries(proposed.columns[c.name]?.codes ?? {})) expect(want.get(key(value)), `${c.name}: ${value}`).toBe(code);
    }
    const chinese = Object.keys(profile.columns.ethnicity?.codes ?? {}).filter((k) => k === 'O1' || k.endsWith('Chinese'));
    for (const k of chinese) expect(proposed.columns.ethnicity?.codes?.[k], `ethnicity: ${k}`).toBe('Asian');

    const decisions = Object.fromEntries(mapped.problems.map((p) => [p.kind, 'leave_out' as const]));
    const result = await commitImport(sb.ws, { previewId: preview.previewId, table: extract.table, mode: 'replace', mapping: { profile, decisions } });
    expect([result.rowsLoaded, result.rowsLeftOut]).toEqual([expected.rows_to_load, expected.bad_rows.length]);

    const cols = table.columns.map((c) => quoteIdent(c.name)).join(', ');
    const loaded = await sb.rows(`SELECT ${cols} FROM ${quoteIdent(extract.table)} ORDER BY ALL`);
    const want = (expectedCanonical(extract.agency, demo)[extract.table] ?? []).map((r) =>
      Object.fromEntries(table.columns.map((c) => [c.name, r[c.name] ?? null])) as Row,
    );
    const order = (rows: Row[]) => rows.map((r) => JSON.stringify(r)).sort();
    expect(order(loaded)).toEqual(order(want));
  });
});
