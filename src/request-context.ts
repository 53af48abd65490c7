import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request being served, visible to every log line written while serving it (src/logger.ts adds
 * `requestId`), without passing it through every function. Set by the API's request-id middleware.
 */
export interface RequestContext {
  requestId: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}
