import type { ExternalTask } from 'camunda-external-task-client-js';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../../src/config.js';
import { createContext, type PlatformContext } from '../../../src/context.js';
import type { EngineClient } from '../../../src/engine/engine-client.js';
import { engineFacade, type EngineRest } from '../../../src/engine/facade.js';
import { silentLogger } from '../../../src/logger.js';
import type { WorkerDeps } from '../../../workers/topic.js';

/** A task as the worker client hands it to a handler: the variables the topic fetched, by name. */
export function fakeTask(variables: Record<string, unknown>, task: Partial<ExternalTask> = {}): ExternalTask {
  return {
    id: 'task-1',
    topicName: 'x',
    workerId: 'unit-test',
    retries: null,
    activityId: 'ServiceTask_Under_Test',
    activityInstanceId: '',
    executionId: '',
    processInstanceId: 'pi-under-test',
    processDefinitionKey: 'event-handling',
    businessKey: (variables.eventNumber as string | undefined) ?? '',
    errorMessage: null,
    ...task,
    variables: { get: (n: string) => variables[n], getAll: () => variables },
  } as unknown as ExternalTask;
}

/**
 * An engine that answers only the calls a test expects (by REST path, also through the typed facade); anything else fails the test. `facade`
 * supplies typed facade calls (e.g. `history`) a handler makes.
 */
export function fakeEngine(answers: Record<string, unknown> = {}, facade: Partial<EngineClient> = {}): EngineClient & { calls: Array<{ path: string; body: unknown }> } {
  const calls: Array<{ path: string; body: unknown }> = [];
  const answer = async (path: string, body?: unknown) => {
    calls.push({ path, body });
    if (!(path in answers)) throw new Error(`unexpected engine call ${path}`);
    return answers[path];
  };
  const rest = { post: answer, get: answer, put: answer, delete: answer, postForm: answer } as unknown as EngineRest;
  return { calls, ...rest, ...engineFacade(rest), ...facade } as unknown as EngineClient & { calls: Array<{ path: string; body: unknown }> };
}

/** The context the workers build at start, from the repository's config files. */
export const context: PlatformContext = createContext(loadConfig({}));

export function deps(db: DataSource, engine: EngineClient = fakeEngine()): WorkerDeps {
  return { db, engine, logger: silentLogger, context };
}
