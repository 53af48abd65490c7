/**
 * `cooperatingUnits` as workers store it: a JSON array or a comma list of unit ids (both read,
 * so whichever the dispatch worker writes works here). The org chart and the responsibility list
 * themselves come from the context built at start (src/context.ts).
 */
export function parseUnitList(value: string | null | undefined): string[] {
  if (!value) return [];
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return parsed.map(String).filter(Boolean);
    } catch {
      // fall through to the comma list
    }
  }
  return trimmed
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
