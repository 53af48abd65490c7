import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'dotenv';
import type { Config } from './config.js';

/**
 * Credentials generated for a development install live in `$DATA_DIR` in dotenv format, mode 0600:
 * `admin-credentials` (written by the engine at its first start), `demo-credentials` (one demo
 * user per unit) and `intake-api-keys`. Nothing here ever prints a secret.
 */
export const ADMIN_CREDENTIALS_FILE = 'admin-credentials';
export const DEMO_CREDENTIALS_FILE = 'demo-credentials';

export function credentialsPath(config: Config, file: string): string {
  return path.join(config.dataDir, file);
}

export function readCredentialsFile(filePath: string): Record<string, string> {
  if (!fs.existsSync(filePath)) return {};
  return parse(fs.readFileSync(filePath));
}

export function writeCredentialsFile(filePath: string, values: Record<string, string>): void {
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  const body = Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
  fs.writeFileSync(filePath, `${body}\n`, { mode: 0o600 });
  fs.chmodSync(filePath, 0o600);
}

/** The engine admin's password: from the environment, else from the file the engine wrote. */
export function resolveAdminPassword(config: Config): string {
  if (config.engine.adminPassword) return config.engine.adminPassword;
  const file = credentialsPath(config, ADMIN_CREDENTIALS_FILE);
  const password = readCredentialsFile(file).ENGINE_ADMIN_PASSWORD;
  if (!password) {
    throw new Error(`ENGINE_ADMIN_PASSWORD is not set and ${file} does not exist yet (the engine writes it at its first start)`);
  }
  return password;
}
