import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError, type MappingProfile, type ProfileSummary } from '../../contract/index.js';
import type { Workspace } from '../workspace/workspace.js';
import { checkProfile, profileFromJson, profileToJson } from './json.js';

/**
 * Saved profiles live in `<workspace>/profiles/<slug>.json`, one plain JSON file each, so an
 * analyst can copy them to a colleague. A profile is found by its name (inside the file),
 * not by the file name.
 */
export const profilesDir = (ws: Workspace) => join(ws.dir, 'profiles');

/** "Police — May 2024 (v2)" → "police-may-2024-v2". */
export function profileSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug || 'profile';
}

interface Stored {
  file: string;
  profile: MappingProfile | null;
}

function stored(ws: Workspace): Stored[] {
  const dir = profilesDir(ws);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.json'))
    .sort()
    .map((f) => {
      const file = join(dir, f);
      try {
        return { file, profile: profileFromJson(readFileSync(file, 'utf8'), f) };
      } catch {
        return { file, profile: null };
      }
    });
}

/** Every readable profile, by name. A file that is not a valid profile is left out of the list. */
export async function listProfiles(ws: Workspace): Promise<ProfileSummary[]> {
  return stored(ws)
    .flatMap(({ file, profile }) =>
      profile
        ? [{ name: profile.name, table: profile.table, sourceColumns: profile.sourceColumns.length, savedAt: statSync(file).mtime.toISOString() }]
        : [],
    )
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function getProfile(ws: Workspace, name: string): Promise<MappingProfile> {
  const found = stored(ws).find((s) => s.profile?.name === name);
  if (found?.profile) return found.profile;
  // A damaged file with the expected name: say what is wrong with it rather than "not found".
  const file = join(profilesDir(ws), `${profileSlug(name)}.json`);
  if (existsSync(file)) profileFromJson(readFileSync(file, 'utf8'), `${profileSlug(name)}.json`);
  throw new EngineError('not_found', `no saved mapping profile named "${name}"`);
}

/**
 * Saves (or overwrites, by name) a profile. Written to a temp file and renamed, so a crash
 * never leaves half a profile. Two names with the same slug get separate files.
 */
export async function saveProfile(ws: Workspace, profile: MappingProfile): Promise<ProfileSummary> {
  checkProfile(profile, `profile "${profile.name}"`);
  const dir = profilesDir(ws);
  mkdirSync(dir, { recursive: true });
  const all = stored(ws);
  const same = all.find((s) => s.profile?.name === profile.name);
  let file = same?.file;
  if (!file) {
    const taken = new Set(all.map((s) => s.file));
    const base = profileSlug(profile.name);
    file = join(dir, `${base}.json`);
    for (let n = 2; taken.has(file) || existsSync(file); n++) file = join(dir, `${base}-${n}.json`);
  }
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, profileToJson(profile));
  renameSync(tmp, file);
  return { name: profile.name, table: profile.table, sourceColumns: profile.sourceColumns.length, savedAt: statSync(file).mtime.toISOString() };
}
