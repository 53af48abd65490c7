import crypto from 'node:crypto';
import { CHANNEL_IDS, isChannelId, type ChannelId } from './channels.js';

/**
 * The rules of `INTAKE_API_KEYS` (`channel:key,…`), apart from any I/O, so that the configuration
 * check at start-up (src/config.ts) and the API (api-keys.ts) apply the same ones: every entry is
 * `channel:key`; the channel is a known intake channel; a channel has at most MAX_KEYS_PER_CHANNEL
 * keys (two during a rotation: the old and the new one); a key has at least MIN_KEY_LENGTH
 * characters, or is given as its hash `sha256:<64 hex digits>` so the plain key need not be in the
 * environment at all; no key belongs to two channels; at least one entry.
 */
export const MIN_KEY_LENGTH = 16;
export const MAX_KEYS_PER_CHANNEL = 2;
const HASHED = /^sha256:([0-9a-f]{64})$/i;

/** The SHA-256 of a key, hex: what the API keeps in memory and compares with. */
export function keyDigest(key: string): string {
  return crypto.createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Every channel's valid keys, as SHA-256 hex digests (plain keys are hashed as they are read). */
export function readIntakeApiKeys(value: string): { keys: Map<ChannelId, string[]>; problems: string[] } {
  const keys = new Map<ChannelId, string[]>();
  const owner = new Map<string, ChannelId>();
  const problems: string[] = [];
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const colon = entry.indexOf(':');
    const channel = colon > 0 ? entry.slice(0, colon).trim() : '';
    const key = colon > 0 ? entry.slice(colon + 1).trim() : '';
    const hashed = HASHED.exec(key);
    const digest = hashed ? hashed[1].toLowerCase() : keyDigest(key);
    const mine = isChannelId(channel) ? (keys.get(channel) ?? []) : [];
    if (!channel || !key) {
      problems.push('every entry must be channel:key');
    } else if (!isChannelId(channel)) {
      problems.push(`unknown channel "${channel}" (known: ${CHANNEL_IDS.join(', ')})`);
    } else if (!hashed && key.toLowerCase().startsWith('sha256:')) {
      problems.push(`the key of ${channel} starts with sha256: but is not 64 hex digits`);
    } else if (!hashed && key.length < MIN_KEY_LENGTH) {
      problems.push(`the key of ${channel} is shorter than ${MIN_KEY_LENGTH} characters`);
    } else if (owner.has(digest) && owner.get(digest) !== channel) {
      problems.push(`channel ${channel} reuses another channel's key`);
    } else if (mine.includes(digest)) {
      problems.push(`channel ${channel} lists the same key twice`);
    } else if (mine.length >= MAX_KEYS_PER_CHANNEL) {
      problems.push(`channel ${channel} has more than ${MAX_KEYS_PER_CHANNEL} keys (old and new during a rotation)`);
    } else {
      keys.set(channel, [...mine, digest]);
      owner.set(digest, channel);
    }
  }
  if (keys.size === 0 && problems.length === 0) problems.push('no channel:key entries');
  return { keys, problems };
}
