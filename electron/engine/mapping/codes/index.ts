import type { CanonicalColumn } from '../../canonical/tables.js';
import type { CodeDomain } from './domain.js';
import { ETHNICITY } from './ethnicity.js';
import { FLAG } from './flags.js';
import { LOCATION_TYPE } from './location.js';
import { ORDER_TYPE, TIER } from './justice.js';
import { SEX } from './sex.js';
import { WEAPON } from './weapon.js';

export { codeKey, domainIndex, type CodeDomain } from './domain.js';

/** Coded text columns, by canonical column name (the same meaning in every table). */
const TEXT_DOMAINS: Readonly<Record<string, CodeDomain>> = {
  sex: SEX,
  ethnicity: ETHNICITY,
  weapon: WEAPON,
  location_type: LOCATION_TYPE,
  tier: TIER,
  order_type: ORDER_TYPE,
};

/** The code domain a canonical column's values must come from, or null for free values. */
export function domainFor(column: CanonicalColumn): CodeDomain | null {
  if (column.type === 'BOOLEAN') return FLAG;
  if (column.type !== 'VARCHAR') return null;
  return TEXT_DOMAINS[column.name] ?? null;
}
