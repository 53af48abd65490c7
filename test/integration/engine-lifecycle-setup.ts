import { startEphemeralEngine } from '../../scripts/ephemeral-engine.js';

/**
 * Starts ONE real engine for the whole integration run, on a free port with a throwaway data
 * directory (so a developer's running platform is untouched), deployed and bootstrapped exactly as
 * `npm start` does. ENGINE_DB_URL / DATABASE_URL, when set (the MariaDB pass of .ci/run), are used.
 */
export default async function globalSetup(): Promise<void> {
  (globalThis as Record<string, unknown>).__ENGINE__ = await startEphemeralEngine();
}
