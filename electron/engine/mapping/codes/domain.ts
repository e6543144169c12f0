/**
 * A coded canonical column: its canonical values and the local spellings agencies use for
 * them. The tables are data, one file per domain, each naming its sources; add a spelling by
 * adding a line. A local spelling mapped to null means "unknown" (the value becomes blank).
 */
export interface CodeDomain {
  name: string;
  /** Canonical values in their canonical spelling (shared/spec/canonical-data.md). */
  values: readonly string[];
  /** Local spelling → canonical value or null; matched with codeKey() on both sides. */
  codes: Readonly<Record<string, string | null>>;
}

/**
 * How local spellings are compared when proposing codes: case, punctuation and spacing do
 * not matter ("Knife/Blade" = "knife - blade", "White: Irish" = "White - Irish"), & = and.
 * The profile then stores the extract's exact spelling, which the import matches trimmed
 * and ignoring case only.
 */
export function codeKey(value: string): string {
  return value
    .toLowerCase()
    .replaceAll('&', ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Index of a domain's spellings by codeKey; canonical values map to themselves. */
export function domainIndex(domain: CodeDomain): Map<string, string | null> {
  const index = new Map<string, string | null>();
  for (const v of domain.values) index.set(codeKey(v), v);
  for (const [local, canonical] of Object.entries(domain.codes)) {
    const key = codeKey(local);
    if (!index.has(key)) index.set(key, canonical);
  }
  return index;
}
