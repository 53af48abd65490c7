import crypto from 'node:crypto';
import { DomainError } from '../errors.js';
import { engineFacade, type EngineFacade, type EngineRest } from './facade.js';

/**
 * The client for the engine's REST API (Camunda 7 / Operaton `/engine-rest`), using Node's fetch.
 * Every call authenticates with HTTP basic auth; failures become `EngineError` carrying the HTTP
 * status and the engine's own message. The platform calls the typed facade (`engine.processes.start`,
 * `engine.history.activityInstances`, … — see facade.ts); the raw `get/post/…` remain for the
 * workers and for tests that probe the REST API itself.
 */
export interface EngineCredentials {
  user: string;
  password: string;
}

/**
 * The engine refused or failed a call. A DomainError whose `httpStatus` is the ENGINE's answer
 * (404, 400, 500…; 503 when unreachable) and whose message is the engine's own (technical, not for
 * people): the HTTP error handler answers 503 ENGINE_UNAVAILABLE when `unavailable`, else 500.
 */
export class EngineError extends DomainError {
  constructor(
    message: string,
    httpStatus: number,
    readonly engineType?: string,
  ) {
    super(httpStatus >= 500 ? 'ENGINE_UNAVAILABLE' : 'ENGINE_REFUSED', httpStatus, message);
    this.name = 'EngineError';
  }

  /** The engine is down, unreachable or failing (not a refusal of this particular request). */
  get unavailable(): boolean {
    return this.httpStatus >= 500;
  }
}

export interface EngineClient extends EngineRest, EngineFacade {
  readonly baseUrl: string;
  readonly user: string;
  /** Whether `password` is this client's own password (constant time; the password itself is never exposed). */
  holdsPassword(password: string): boolean;
  /** The same engine as another user (e.g. to act as a unit's staff member). */
  as(credentials: EngineCredentials): EngineClient;
}

export function toQueryString(query: Record<string, unknown> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function createEngineClient(baseUrl: string, credentials: EngineCredentials, timeoutMs = 30_000): EngineClient {
  const authorization = `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;

  async function request<T>(method: string, path: string, body?: string | FormData, contentType?: string): Promise<T> {
    const headers: Record<string, string> = { authorization, accept: 'application/json' };
    if (contentType) headers['content-type'] = contentType;
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, { method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
    } catch (cause) {
      throw new EngineError(`engine unreachable at ${baseUrl}: ${(cause as Error).message}`, 503);
    }
    const text = await response.text();
    if (!response.ok) {
      let message = text || response.statusText;
      let type: string | undefined;
      try {
        const parsed = JSON.parse(text) as { message?: string; type?: string };
        message = parsed.message ?? message;
        type = parsed.type;
      } catch {
        // Not JSON (e.g. the 401 page): keep the raw text.
      }
      throw new EngineError(`${method} ${path} → ${response.status}: ${message}`, response.status, type);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const json = (v: unknown) => (v === undefined ? undefined : JSON.stringify(v));
  const rest: EngineRest = {
    get: (path, query) => request('GET', `${path}${toQueryString(query)}`),
    post: (path, body) => request('POST', path, json(body), 'application/json'),
    put: (path, body) => request('PUT', path, json(body), 'application/json'),
    delete: (path) => request('DELETE', path),
    postForm: (path, form) => request('POST', path, form),
  };
  return {
    baseUrl,
    user: credentials.user,
    holdsPassword: (password) => {
      const digest = (v: string) => crypto.createHash('sha256').update(v, 'utf8').digest();
      return crypto.timingSafeEqual(digest(password), digest(credentials.password));
    },
    ...rest,
    ...engineFacade(rest),
    as: (other) => createEngineClient(baseUrl, other, timeoutMs),
  };
}

/** Resolves once the engine answers its REST API (401 counts: it is up and guarding). */
export async function waitForEngine(baseUrl: string, timeoutMs: number, onWait?: () => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${baseUrl}/version`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200 || res.status === 401) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`engine did not answer at ${baseUrl} within ${timeoutMs / 1000}s`);
    onWait?.();
    await new Promise((r) => setTimeout(r, 1000));
  }
}
