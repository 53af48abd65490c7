import crypto from 'node:crypto';
import fs from 'node:fs';
import { ConfigError, type Config } from '../config.js';
import { credentialsPath, readCredentialsFile, writeCredentialsFile } from '../credentials.js';
import { keyDigest, MAX_KEYS_PER_CHANNEL, MIN_KEY_LENGTH, readIntakeApiKeys } from './api-key-rules.js';
import { CHANNEL_IDS, type ChannelId } from './channels.js';

/**
 * The API keys of the intake channels. In production they come from `INTAKE_API_KEYS`
 * (`grid-app:KEY1,hotline:KEY2,…`, a key either plain or as `sha256:<hex>`); elsewhere, when that
 * is unset, one random key per channel is generated once and kept in `$DATA_DIR/intake-api-keys`
 * (same format, mode 0600) beside the admin credentials, so a restart keeps them. A channel without
 * a key simply cannot report.
 *
 * Rotation: a channel may have two keys at once (`hotline:OLD,hotline:NEW`); both are accepted
 * until the old one is removed. The API keeps only SHA-256 digests in memory, never a key, and
 * never logs one.
 */
export const INTAKE_API_KEYS_FILE = 'intake-api-keys';
export const INTAKE_API_KEYS_VARIABLE = 'INTAKE_API_KEYS';
export { MAX_KEYS_PER_CHANNEL, MIN_KEY_LENGTH };

/** Per channel, the SHA-256 hex digests of its valid keys (one, or two during a rotation). */
export type ChannelKeys = ReadonlyMap<ChannelId, readonly string[]>;

export function parseIntakeApiKeys(value: string, source = INTAKE_API_KEYS_VARIABLE): Map<ChannelId, string[]> {
  const { keys, problems } = readIntakeApiKeys(value);
  if (problems.length > 0) throw new ConfigError(`${source} is invalid: ${problems.join('; ')}`);
  return keys;
}

function generateKey(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/**
 * The plain keys of the generated development file (`$DATA_DIR/intake-api-keys`), one per channel,
 * generating what is missing. Only for development and tests: production keys come from the
 * environment and are never written anywhere by the platform.
 */
export function developmentIntakeKeys(config: Config): Map<ChannelId, string> {
  const file = credentialsPath(config, INTAKE_API_KEYS_FILE);
  const stored = fs.existsSync(file) ? readCredentialsFile(file)[INTAKE_API_KEYS_VARIABLE] : undefined;
  if (stored) parseIntakeApiKeys(stored, file);
  const plain = new Map<ChannelId, string>();
  for (const entry of (stored ?? '').split(',')) {
    const colon = entry.indexOf(':');
    const channel = entry.slice(0, colon).trim() as ChannelId;
    if (colon > 0 && !plain.has(channel)) plain.set(channel, entry.slice(colon + 1).trim());
  }
  const missing = CHANNEL_IDS.filter((c) => !plain.has(c));
  if (missing.length > 0) {
    for (const channel of missing) plain.set(channel, generateKey());
    writeCredentialsFile(file, { [INTAKE_API_KEYS_VARIABLE]: [...plain].map(([c, k]) => `${c}:${k}`).join(',') });
  }
  return plain;
}

/**
 * The keys the API accepts, as digests. Production without `INTAKE_API_KEYS` is a start-up error;
 * development and test generate (and then reuse) the file. Never logs a key.
 */
export function resolveIntakeApiKeys(config: Config): ChannelKeys {
  if (config.intakeApiKeys) return parseIntakeApiKeys(config.intakeApiKeys);
  if (config.isProduction) {
    throw new ConfigError(`${INTAKE_API_KEYS_VARIABLE} is not set: in production every intake channel's key must be configured (channel:key,…)`);
  }
  return new Map([...developmentIntakeKeys(config)].map(([channel, key]) => [channel, [keyDigest(key)]]));
}

/** Per key set, its digests as buffers (converted once, not on every request). */
const digestBuffers = new WeakMap<ChannelKeys, Array<[ChannelId, Buffer]>>();

function buffersOf(keys: ChannelKeys): Array<[ChannelId, Buffer]> {
  let buffers = digestBuffers.get(keys);
  if (!buffers) {
    buffers = [...keys].flatMap(([channel, digests]) => digests.map((d): [ChannelId, Buffer] => [channel, Buffer.from(d, 'hex')]));
    digestBuffers.set(keys, buffers);
  }
  return buffers;
}

/**
 * The channel whose key was presented, or undefined. Compares against every valid key in constant
 * time (fixed-length digests, no early exit), so timing tells nothing about how close a guess was.
 * One `keyDigest` of the presented key per call (SHA-256, a fast hash, not a password KDF: keys are
 * long random strings), against digests converted to buffers once per key set.
 */
export function channelForKey(keys: ChannelKeys, presented: string): ChannelId | undefined {
  const given = Buffer.from(keyDigest(presented), 'hex');
  let found: ChannelId | undefined;
  for (const [channel, digest] of buffersOf(keys)) {
    if (crypto.timingSafeEqual(given, digest) && found === undefined) found = channel;
  }
  return found;
}
