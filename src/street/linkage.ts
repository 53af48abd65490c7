import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * Street-level linkage settings, `config/street-linkage.yaml`: which categories are emergencies and
 * their short limits (S4-4.1), and which units belong to which of the street's four platforms (S2-4,
 * S2-A2). Read once at start (`createContext`).
 */
const unitId = z.string().regex(/^[a-z][a-z0-9-]*$/);

const schema = z.object({
  emergency: z.object({
    categories: z.array(z.string().min(1)),
    acceptMinutes: z.number().int().min(1).max(24 * 60),
    handlingWorkingDays: z.number().int().min(1).max(15),
  }),
  platforms: z.record(z.string(), z.object({ name: z.string().min(1), lead: unitId, units: z.array(unitId) })),
});

export type StreetLinkage = z.infer<typeof schema>;

export const DEFAULT_STREET_LINKAGE_PATH = path.resolve('config/street-linkage.yaml');

export function parseStreetLinkage(text: string, source = 'street linkage config'): StreetLinkage {
  const result = schema.safeParse(parse(text));
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${source} is invalid:\n${lines.join('\n')}`);
  }
  return result.data;
}

export function loadStreetLinkage(file = DEFAULT_STREET_LINKAGE_PATH): StreetLinkage {
  return parseStreetLinkage(fs.readFileSync(file, 'utf8'), file);
}
