import type { DataSource } from 'typeorm';
import type { ExternalTask } from 'camunda-external-task-client-js';
import type { EngineClient } from '../src/engine/engine-client.js';
import type { Logger } from '../src/logger.js';

/** What every topic handler may use; handed in by the runner so handlers stay testable. */
export interface WorkerDeps {
  db: DataSource;
  engine: EngineClient;
  logger: Logger;
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

export interface TopicInput {
  name: string;
  label: string;
  description?: string;
}

export interface TopicDefinition {
  /** kebab-case with a domain prefix, e.g. `event-notify`. */
  topic: string;
  /** Chinese name shown to process administrators (e.g. in modeler element templates). */
  label: string;
  description: string;
  /** The process variables this handler reads: only these are fetched. */
  variables: string[];
  /** Inputs a modeler user sets on the service task (documented for element templates). */
  inputs?: TopicInput[];
  lockDurationMs?: number;
  /** Returns the variables to set on completion. Throw BusinessError for a modelled outcome. */
  handle(task: ExternalTask, deps: WorkerDeps): Promise<Record<string, unknown> | void>;
}
