import type { DataSource } from 'typeorm';
import type { ExternalTask } from 'camunda-external-task-client-js';
import type { PlatformContext } from '../src/context.js';
import type { EngineClient } from '../src/engine/engine-client.js';
import type { Logger } from '../src/logger.js';
import { manifestEntry, type TopicManifestEntry } from '../src/topics/manifest.js';

export type { TopicInput } from '../src/topics/manifest.js';

/** What every topic handler may use; handed in by the runner so handlers stay testable. */
export interface WorkerDeps {
  db: DataSource;
  engine: EngineClient;
  logger: Logger;
  /** Built once at start (src/context.ts): org chart, responsibility list, notice templates, calendar. */
  context: PlatformContext;
}

/** A business outcome the process models as a BPMN error (the code is declared in the BPMN). */
export class BusinessError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly variables: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'BusinessError';
  }
}

/** Returns the variables to set on completion. Throw BusinessError for a modelled outcome. */
export type TopicHandler = (task: ExternalTask, deps: WorkerDeps) => Promise<Record<string, unknown> | void>;

/** A topic as the runner subscribes it: its manifest entry (src/topics/manifest.ts) and its handler. */
export interface TopicDefinition extends Omit<TopicManifestEntry, 'outputs'> {
  outputs?: string[];
  handle: TopicHandler;
}

/** The handler of a topic of the manifest; a topic missing from the manifest is refused at load. */
export function defineTopic(topic: string, handle: TopicHandler): TopicDefinition {
  return { ...manifestEntry(topic), handle };
}
