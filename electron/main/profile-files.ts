import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import { EngineError, type MappingProfile } from '../contract/index.js';
import { parseProfileText, PROFILE_MAX_BYTES, profileToJson } from '../contract/profile-json.js';

/**
 * Mapping profiles as files an analyst shares with colleagues: the dialog options, the file
 * name a profile suggests, and reading one back. A profile file comes from outside (e-mail, a
 * shared drive), so it is size-capped and checked against the contract's schema before anything
 * uses it — by the same parser the engine's profiles folder and the CLI use. No Electron at run
 * time: the loopback bridge uses the same helpers.
 */

const jsonFilter = [{ name: 'Mapping profile (JSON)', extensions: ['json'] }];

/** `<profile name>.json`, with the characters no file system accepts replaced. */
export function profileFileName(profile: Pick<MappingProfile, 'name'>): string {
  const safe = profile.name
    .replace(/[\\/:*?"<>|\x00-\x1f]/g, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 120);
  return `${safe || 'mapping-profile'}.json`;
}

export function exportProfileDialogOptions(profile: Pick<MappingProfile, 'name'>): SaveDialogOptions {
  return {
    title: 'Save the mapping profile',
    defaultPath: profileFileName(profile),
    filters: jsonFilter,
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
}

export function importProfileDialogOptions(): OpenDialogOptions {
  return { title: 'Open a mapping profile', properties: ['openFile'], filters: jsonFilter };
}

const fail = (fileName: string, why: string) => new EngineError('import_failed', `${fileName}: ${why}`);

/** Reads a profile file the analyst chose, refusing anything over PROFILE_MAX_BYTES unread. */
export async function readProfileFile(path: string): Promise<MappingProfile> {
  const fileName = basename(path);
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw fail(fileName, 'is not a file');
    size = st.size;
  } catch (err) {
    if (err instanceof EngineError) throw err;
    throw new EngineError('not_found', `${fileName}: file not found`);
  }
  if (size > PROFILE_MAX_BYTES) {
    throw fail(fileName, `is ${size.toLocaleString('en-GB')} bytes; a mapping profile is at most 1 MB`);
  }
  return parseProfileText(await readFile(path, 'utf8'), fileName);
}

/** Writes the profile as indented JSON, the format colleagues open with files.importProfile. */
export async function writeProfileFile(path: string, profile: MappingProfile): Promise<void> {
  await writeFile(path, profileToJson(profile), 'utf8');
}
