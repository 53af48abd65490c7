import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config.js';
import { keyDigest } from '../../../src/events/api-key-rules.js';
import { channelForKey, resolveIntakeApiKeys } from '../../../src/events/api-keys.js';

/** Issue 13 point 2: a channel's key can be rotated without downtime; keys are kept hashed. */
describe('intake key rotation', () => {
  const OLD = 'hotline-old-key-0123456789';
  const NEW = 'hotline-new-key-9876543210';
  const config = (keys: string) => loadConfig({ DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'rot-')), INTAKE_API_KEYS: keys });

  test('during a rotation both the old and the new key of a channel are accepted; after it only the new one', () => {
    const during = resolveIntakeApiKeys(config(`hotline:${OLD},hotline:${NEW},wechat:wechat-key-0123456789`));
    expect(channelForKey(during, OLD)).toBe('hotline');
    expect(channelForKey(during, NEW)).toBe('hotline');
    expect(channelForKey(during, 'wechat-key-0123456789')).toBe('wechat');
    const after = resolveIntakeApiKeys(config(`hotline:${NEW},wechat:wechat-key-0123456789`));
    expect(channelForKey(after, OLD)).toBeUndefined();
    expect(channelForKey(after, NEW)).toBe('hotline');
  });

  test('a key may be configured as its SHA-256 (sha256:<hex>), so the plain key is in no environment', () => {
    const keys = resolveIntakeApiKeys(config(`hotline:sha256:${keyDigest(NEW)}`));
    expect(channelForKey(keys, NEW)).toBe('hotline');
    expect(channelForKey(keys, `sha256:${keyDigest(NEW)}`)).toBeUndefined();
  });

  test('the API keeps digests only: no plain key is in what it holds', () => {
    const keys = resolveIntakeApiKeys(config(`hotline:${OLD},hotline:${NEW}`));
    const held = JSON.stringify([...keys]);
    expect(held).not.toContain(OLD);
    expect(held).not.toContain(NEW);
    expect([...keys]).toEqual([['hotline', [keyDigest(OLD), keyDigest(NEW)]]]);
  });
});
