import { writeFile } from 'node:fs/promises';
import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { MappingProfile } from '../contract/index.js';
import { parseProfileText, PROFILE_MAX_BYTES, profileToJson } from '../contract/profile-json.js';
import { openDialogOptions, readSmallTextFile, saveDialogOptions } from './shared-files.js';

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
  return saveDialogOptions('Save the mapping profile', profileFileName(profile), jsonFilter);
}

export function importProfileDialogOptions(): OpenDialogOptions {
  return openDialogOptions('Open a mapping profile', jsonFilter);
}

/** Reads a profile file the analyst chose, refusing anything over PROFILE_MAX_BYTES unread. */
export async function readProfileFile(path: string): Promise<MappingProfile> {
  const { fileName, text } = await readSmallTextFile(path, PROFILE_MAX_BYTES, 'a mapping profile');
  return parseProfileText(text, fileName);
}

/** Writes the profile as indented JSON, the format colleagues open with files.importProfile. */
export async function writeProfileFile(path: string, profile: MappingProfile): Promise<void> {
  await writeFile(path, profileToJson(profile), 'utf8');
}
