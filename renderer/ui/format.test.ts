import { describe, expect, it } from 'vitest';
import { formatBytes, formatCell, formatDuration, formatRows, numberStyleFor } from './format.js';

describe('display formatting', () => {
  it('counts rows with thousands separators', () => {
    expect(formatRows(1_000_000)).toBe('1,000,000 rows');
    expect(formatRows(1)).toBe('1 row');
    expect(formatRows(0)).toBe('0 rows');
  });

  it('sizes files in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(250 * 1024 * 1024)).toBe('250 MB');
  });

  it('shows durations at a useful precision', () => {
    expect(formatDuration(84.4)).toBe('84 ms');
    expect(formatDuration(2345)).toBe('2.3 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });

  it('picks a number style from the column and the query’s count columns', () => {
    const counts = ['victims', 'repeat_victims'];
    expect(numberStyleFor({ name: 'victims', type: 'BIGINT', kind: 'number' }, counts)).toBe('count');
    expect(numberStyleFor({ name: 'pct', type: 'DOUBLE', kind: 'number' }, counts)).toBe('decimal1');
    expect(numberStyleFor({ name: 'rate_per_1000', type: 'DOUBLE', kind: 'number' }, counts)).toBe('decimal1');
    expect(numberStyleFor({ name: 'rri_ci_low', type: 'DOUBLE', kind: 'number' }, counts)).toBe('decimal2');
    expect(numberStyleFor({ name: 'disproportionality_ratio', type: 'DOUBLE', kind: 'number' }, counts)).toBe('decimal2');
    expect(numberStyleFor({ name: 'p_value', type: 'DOUBLE', kind: 'number' }, counts)).toBe('pvalue');
    expect(numberStyleFor({ name: 'population', type: 'BIGINT', kind: 'number' }, counts)).toBe('count');
    expect(numberStyleFor({ name: 'population', type: 'DOUBLE', kind: 'number' }, counts)).toBe('count');
    expect(numberStyleFor({ name: 'imd_decile', type: 'INTEGER', kind: 'number' }, counts)).toBe('plain');
    expect(numberStyleFor({ name: 'year', type: 'INTEGER', kind: 'number' }, counts)).toBe('plain');
    expect(numberStyleFor({ name: 'rank', type: 'BIGINT', kind: 'number' }, counts)).toBe('plain');
    expect(numberStyleFor({ name: 'group', type: 'VARCHAR', kind: 'text' }, counts)).toBe('plain');
  });

  it('formats cells for display without touching text', () => {
    expect(formatCell(12345, 'count')).toBe('12,345');
    expect(formatCell(12.345, 'decimal1')).toBe('12.3');
    expect(formatCell(0.05, 'decimal1')).toBe('0.1');
    expect(formatCell(0.8512, 'decimal2')).toBe('0.85');
    expect(formatCell(0.0004, 'pvalue')).toBe('<0.001');
    expect(formatCell(0.0456, 'pvalue')).toBe('0.046');
    expect(formatCell(1234567, 'plain')).toBe('1234567');
    expect(formatCell(null, 'count')).toBe('');
    expect(formatCell('2025-03-31')).toBe('2025-03-31');
    expect(formatCell(true)).toBe('true');
  });
});
