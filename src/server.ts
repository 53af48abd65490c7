import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AppDeps } from './app.js';

/** Starts the API on `port` (0 = any free port, as tests do) and resolves with the bound port. */
export async function startWebServer(deps: AppDeps, port: number): Promise<{ server: Server; port: number }> {
  const app = createApp(deps);
  return new Promise((resolve, reject) => {
    const server = app.listen(port, () => resolve({ server, port: (server.address() as AddressInfo).port }));
    server.once('error', reject);
  });
}

export async function stopWebServer(server: Server): Promise<void> {
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
}
