import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Row } from '../contract/index.js';
import { generateDemo, writeDemoCsvs, type DemoData } from '../../fixtures/generate-demo.js';
import { wilson } from '../engine/queries/statsReference.js';

/**
 * Test support for the demo partnership through the CLI code path: the generated demo and the
 * folder of canonical CSVs it is written to, plus the comparisons every planted-truth test makes.
 */

export type DemoFolder = DemoData & { dir: string };

/**
 * At file level of a test: generates the demo and writes it to a fresh temporary folder before
 * the tests (removed after them). The returned object is filled in by then, so read it inside
 * tests and hooks only.
 */
export function useDemoFolder(prefix: string): DemoFolder {
  const folder = {} as DemoFolder;
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    const demo = generateDemo();
    writeDemoCsvs(dir, demo);
    Object.assign(folder, demo, { dir });
  });
  afterAll(() => rmSync(folder.dir, { recursive: true, force: true }));
  return folder;
}

/** `b` null: `a` must be null; otherwise within 1e-9 (relative above 1). */
export function close(a: unknown, b: number | null, what: string): void {
  if (b === null) expect(a, what).toBeNull();
  else expect(Math.abs((a as number) - b), what).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
}

/** A truth's parameters as the CLI takes them (`--param name=value`). */
export const asParams = (p: object): Record<string, string> => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]));

/** pct = 100·k/n and its Wilson interval, per row, from the row's own counts. */
export function checkWilson(rows: Row[], k: string, n: string, label: string): void {
  for (const r of rows) {
    const [lo, hi] = wilson(r[k] as number, r[n] as number);
    const what = String(r[label]);
    close(r.pct, (100 * (r[k] as number)) / (r[n] as number), `${what} pct`);
    close(r.ci_low, 100 * lo, `${what} ci_low`);
    close(r.ci_high, 100 * hi, `${what} ci_high`);
  }
}
