import type { EphemeralEngine } from '../../scripts/ephemeral-engine.js';

export default async function globalTeardown(): Promise<void> {
  await ((globalThis as Record<string, unknown>).__ENGINE__ as EphemeralEngine | undefined)?.stop();
}
