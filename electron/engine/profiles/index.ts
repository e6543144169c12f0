export { profileFromJson, profileToJson, checkProfile, PROFILE_MAX_BYTES } from './json.js';
export { getProfile, listProfiles, profileSlug, profilesDir, saveProfile } from './store.js';
