import { EngineError, type MappingProfile } from '../../contract/index.js';
import { parseProfileText, PROFILE_MAX_BYTES, profileToJson } from '../../contract/profile-json.js';
import { canonicalTable } from '../canonical/tables.js';

export { PROFILE_MAX_BYTES, profileToJson };

const refuse = (fileName: string, why: string) => new EngineError('import_failed', `${fileName}: ${why}`);

/** A profile file as the engine accepts it: well-formed (contract) and about a canonical table. */
export function profileFromJson(text: string, fileName: string): MappingProfile {
  return checkProfile(parseProfileText(text, fileName), fileName);
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
