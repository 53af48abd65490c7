import crypto from 'node:crypto';
import fs from 'node:fs';
import { ConfigError, type Config } from '../config.js';
import { credentialsPath, readCredentialsFile, writeCredentialsFile } from '../credentials.js';
import { MIN_KEY_LENGTH, readIntakeApiKeys } from './api-key-rules.js';
import { CHANNEL_IDS, type ChannelId } from './channels.js';

/**
 * One API key per intake channel. In production they come from `INTAKE_API_KEYS`
 * (`grid-app:KEY1,hotline:KEY2,…`); elsewhere, when that is unset, one random key per channel is
 * generated once and kept in `$DATA_DIR/intake-api-keys` (same format, mode 0600) beside the
 * admin credentials, so a restart keeps them. A channel without a key simply cannot report.
 */
export const INTAKE_API_KEYS_FILE = 'intake-api-keys';
export const INTAKE_API_KEYS_VARIABLE = 'INTAKE_API_KEYS';
export { MIN_KEY_LENGTH };

export type ChannelKeys = ReadonlyMap<ChannelId, string>;

export function parseIntakeApiKeys(value: string, source = INTAKE_API_KEYS_VARIABLE): Map<ChannelId, string> {
  const { keys, problems } = readIntakeApiKeys(value);
  if (problems.length > 0) throw new ConfigError(`${source} is invalid: ${problems.join('; ')}`);
  return keys;
}

export function formatIntakeApiKeys(keys: ChannelKeys): string {
  return [...keys.entries()].map(([channel, key]) => `${channel}:${key}`).join(',');
}

function generateKey(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/**
 * The keys the API accepts. Production without `INTAKE_API_KEYS` is a start-up error; development
 * and test generate (and then reuse) the file. Never logs a key.
 */
export function resolveIntakeApiKeys(config: Config): ChannelKeys {
  if (config.intakeApiKeys) return parseIntakeApiKeys(config.intakeApiKeys);
  if (config.isProduction) {
    throw new ConfigError(`${INTAKE_API_KEYS_VARIABLE} is not set: in production every intake channel's key must be configured (channel:key,…)`);
  }
  const file = credentialsPath(config, INTAKE_API_KEYS_FILE);
  const stored = fs.existsSync(file) ? readCredentialsFile(file)[INTAKE_API_KEYS_VARIABLE] : undefined;
  const keys = stored ? parseIntakeApiKeys(stored, file) : new Map<ChannelId, string>();
  const missing = CHANNEL_IDS.filter((c) => !keys.has(c));
  if (missing.length > 0) {
    for (const channel of missing) keys.set(channel, generateKey());
    writeCredentialsFile(file, { [INTAKE_API_KEYS_VARIABLE]: formatIntakeApiKeys(keys) });
  }
  return keys;
}

const digest = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest();

/**
 * The channel whose key was presented, or undefined. Compares against every key in constant time
 * (fixed-length digests, no early exit), so timing tells nothing about how close a guess was.
 */
export function channelForKey(keys: ChannelKeys, presented: string): ChannelId | undefined {
  const given = digest(presented);
  let found: ChannelId | undefined;
  for (const [channel, key] of keys) {
    if (crypto.timingSafeEqual(given, digest(key)) && found === undefined) found = channel;
  }
  return found;
}
