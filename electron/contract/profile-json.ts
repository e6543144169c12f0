import { EngineError } from './errors.js';
import { MappingProfile, PROFILE_KIND } from './mapping.js';

/**
 * A mapping profile as a shareable file: pretty-printed JSON in the MappingProfile schema
 * (contract/mapping.ts). Pure functions in the contract, so the shell's export/import dialogs,
 * the bridge and the engine's profiles folder read and write the same thing.
 */
export function profileToJson(profile: MappingProfile): string {
  return `${JSON.stringify(MappingProfile.parse(profile), null, 2)}\n`;
}

/** Largest profile file read (a profile is a few KB; anything near this is not one). */
export const PROFILE_MAX_BYTES = 1024 * 1024;

// A broken profile file is a file that cannot be read, like a broken extract.
const refuse = (fileName: string, why: string) => new EngineError('import_failed', `${fileName}: ${why}`);

/**
 * Parses a profile file: JSON, the right kind and version, every field as the schema says.
 * Errors name the file and the field. (That the table and columns are canonical is the
 * engine's check: profiles/json.ts.)
 */
export function parseProfileText(text: string, fileName: string): MappingProfile {
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
  return parsed.data;
}

