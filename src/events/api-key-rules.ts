import { CHANNEL_IDS, isChannelId, type ChannelId } from './channels.js';

/**
 * The rules of `INTAKE_API_KEYS` (`channel:key,…`), apart from any I/O, so that the configuration
 * check at start-up (src/config.ts) and the API (api-keys.ts) apply the same ones: every entry is
 * `channel:key`; the channel is a known intake channel, listed once; the key has at least
 * MIN_KEY_LENGTH characters and is not another channel's key; at least one entry.
 */
export const MIN_KEY_LENGTH = 16;

export function readIntakeApiKeys(value: string): { keys: Map<ChannelId, string>; problems: string[] } {
  const keys = new Map<ChannelId, string>();
  const problems: string[] = [];
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const colon = entry.indexOf(':');
    const channel = colon > 0 ? entry.slice(0, colon).trim() : '';
    const key = colon > 0 ? entry.slice(colon + 1).trim() : '';
    if (!channel || !key) {
      problems.push('every entry must be channel:key');
    } else if (!isChannelId(channel)) {
      problems.push(`unknown channel "${channel}" (known: ${CHANNEL_IDS.join(', ')})`);
    } else if (keys.has(channel)) {
      problems.push(`channel ${channel} is listed twice`);
    } else if (key.length < MIN_KEY_LENGTH) {
      problems.push(`the key of ${channel} is shorter than ${MIN_KEY_LENGTH} characters`);
    } else if ([...keys.values()].includes(key)) {
      problems.push(`channel ${channel} reuses another channel's key`);
    } else {
      keys.set(channel, key);
    }
  }
  if (keys.size === 0 && problems.length === 0) problems.push('no channel:key entries');
  return { keys, problems };
}
