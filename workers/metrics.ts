import http from 'node:http';
import express from 'express';
import { createWorkerMetrics, metricsHandler, type WorkerMetrics } from '../src/operations/metrics.js';
import { BusinessError, type TopicDefinition } from './topic.js';

/**
 * The worker process's metrics: every handler timed with its outcome (completed, bpmn_error,
 * failure — the same split the runner makes when it reports the task), served on the worker's own
 * port with the same bearer token as the API (src/operations/metrics.ts explains why).
 */
export function instrumentTopics(topics: TopicDefinition[], metrics: WorkerMetrics): TopicDefinition[] {
  return topics.map((def) => ({
    ...def,
    handle: async (task, deps) => {
      const started = process.hrtime.bigint();
      const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
      try {
        const result = await def.handle(task, deps);
        metrics.observeTask(def.topic, 'completed', seconds());
        return result;
      } catch (err) {
        metrics.observeTask(def.topic, err instanceof BusinessError ? 'bpmn_error' : 'failure', seconds());
        throw err;
      }
    },
  }));
}

export interface MetricsListener {
  port: number;
  close(): Promise<void>;
}

/** Listens for `GET /metrics` (nothing else); `port` 0 picks a free port. */
export async function startWorkerMetrics(metrics: WorkerMetrics, token: string, port: number): Promise<MetricsListener> {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metricsHandler(metrics.registry, token));
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export { createWorkerMetrics };
