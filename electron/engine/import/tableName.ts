import { basename, extname } from 'node:path';
import { TableName } from '../../contract/index.js';

/**
 * A table name the workspace accepts, derived from the file name: "Offences 2024.csv" →
 * offences_2024, "offences.csv" → offences (so a canonical extract lands on its canonical name).
 */
export function suggestTableName(fileName: string): string {
  const stem = basename(fileName, extname(fileName));
  let name = stem
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (name === '') return 'imported';
  if (!/^[a-z]/.test(name)) name = `t_${name}`;
  name = name.slice(0, 63).replace(/_+$/, '');
  return TableName.safeParse(name).success ? name : 'imported';
}
