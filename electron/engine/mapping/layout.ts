import type { LayoutCheck, MappingProfile } from '../../contract/index.js';

/**
 * How an extract's columns compare with the layout a profile was made for, by exact name.
 * A source the profile maps from counts as expected even if sourceColumns forgot it, so a
 * hand-edited profile cannot hide a missing column.
 */
export function checkLayout(profile: Pick<MappingProfile, 'sourceColumns' | 'columns'>, extract: string[]): LayoutCheck {
  const expected = [...profile.sourceColumns];
  for (const m of Object.values(profile.columns)) {
    if (m.source !== null && !expected.includes(m.source)) expected.push(m.source);
  }
  const have = new Set(extract);
  const knew = new Set(expected);
  const missing = expected.filter((c) => !have.has(c));
  const added = extract.filter((c) => !knew.has(c));
  const inProfile = profile.sourceColumns.filter((c) => have.has(c));
  const inExtract = extract.filter((c) => profile.sourceColumns.includes(c));
  const reordered = inProfile.some((c, i) => inExtract[i] !== c);
  return { matches: missing.length === 0 && added.length === 0 && !reordered, missing, added, reordered };
}
