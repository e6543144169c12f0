import { TableName, type TableInfo } from '../../../electron/contract/index.js';

export type ImportMode = 'create' | 'replace';

/** Why the target table cannot be used, or null when the import may go ahead. */
export function tableNameProblem(name: string, mode: ImportMode, existing: readonly TableInfo[]): string | null {
  if (name.length === 0) return 'Enter a table name.';
  if (name.length > 63) return 'Not a valid table name: use at most 63 characters.';
  const parsed = TableName.safeParse(name);
  // The contract's own message states the rule, so the analyst reads the same words the engine uses.
  if (!parsed.success) return `Not a valid table name: ${parsed.error.issues[0]?.message ?? 'not allowed'}.`;
  if (name.endsWith('__rejects')) return 'Names ending in __rejects are kept for rejected rows.';
  const clash = existing.find((t) => t.name === name);
  if (mode === 'create' && clash) {
    return `A table named ${name} already exists. Choose “Replace existing” to overwrite it, or use another name.`;
  }
  return null;
}
