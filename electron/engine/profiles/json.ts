import { EngineError, MappingProfile, PROFILE_KIND } from '../../contract/index.js';
import { canonicalTable } from '../canonical/tables.js';

/**
 * A mapping profile as a shareable file: pretty-printed JSON in the MappingProfile schema
 * (contract/mapping.ts). Pure functions, so the shell's export/import dialogs, the bridge and
 * the engine's profiles folder read and write the same thing.
 */
export function profileToJson(profile: MappingProfile): string {
  return `${JSON.stringify(MappingProfile.parse(profile), null, 2)}\n`;
}

/** Largest profile file read (a profile is a few KB; anything near this is not one). */
export const PROFILE_MAX_BYTES = 1024 * 1024;

// A broken profile file is a file that cannot be read, like a broken extract.
const refuse = (fileName: string, why: string) => new EngineError('import_failed', `${fileName}: ${why}`);

/**
 * Parses and checks a profile file: JSON, the right kind and version, every field as the
 * schema says, a canonical table and only its columns. Errors name the file and the field.
 */
export function profileFromJson(text: string, fileName: string): MappingProfile {
  if (text.length > PROFILE_MAX_BYTES) throw refuse(fileName, 'is too large to be a mapping profile');
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw refuse(fileName, `is not valid JSON (${why})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw refuse(fileName, 'is not a mapping profile (expected a JSON object)');
  }
  const kind = (data as { kind?: unknown }).kind;
  if (kind !== PROFILE_KIND) {
    const found = kind === undefined ? 'it has no "kind"' : `its kind is ${JSON.stringify(kind)}`;
    throw refuse(fileName, `is not an SV Workbench mapping profile (${found}; expected "${PROFILE_KIND}")`);
  }
  const parsed = MappingProfile.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
    throw refuse(fileName, `field ${field}: ${issue?.message ?? 'is not valid'}`);
  }
  return checkProfile(parsed.data, fileName);
}

/** What the schema cannot say: the table is canonical and the columns are its columns. */
export function checkProfile(profile: MappingProfile, fileName: string): MappingProfile {
  const table = canonicalTable(profile.table);
  if (!table) throw refuse(fileName, `field table: ${profile.table} is not a canonical table`);
  for (const name of Object.keys(profile.columns)) {
    if (!table.columns.some((c) => c.name === name)) {
      throw refuse(fileName, `field columns.${name}: the ${table.name} table has no column ${name}`);
    }
  }
  return profile;
}
