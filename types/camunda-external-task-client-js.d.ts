// The client ships no types; this declares the part of its API the workers use (v3.1).
declare module 'camunda-external-task-client-js' {
  import { EventEmitter } from 'node:events';

  export interface ClientOptions {
    baseUrl: string;
    workerId: string;
    maxTasks: number;
    maxParallelExecutions?: number;
    interval: number;
    lockDuration: number;
    asyncResponseTimeout?: number;
    autoPoll?: boolean;
    usePriority?: boolean;
    interceptors?: Interceptor | Interceptor[];
    use?: unknown;
  }
  export type Interceptor = (config: Record<string, unknown>) => Record<string, unknown>;

  export interface ReadonlyVariables {
    get(name: string): unknown;
    getAll(): Record<string, unknown>;
  }

  export interface ExternalTask {
    id: string;
    topicName: string;
    workerId: string;
    retries: number | null;
    processInstanceId: string;
    processDefinitionKey: string;
    businessKey: string | null;
    activityId: string;
    activityInstanceId: string;
    executionId: string;
    errorMessage: string | null;
    variables: ReadonlyVariables;
  }

  export class Variables {
    constructor();
    set(name: string, value: unknown): this;
    setTyped(name: string, typed: { type: string; value: unknown; valueInfo?: Record<string, unknown> }): this;
    setAll(values: Record<string, unknown>): this;
    getAll(): Record<string, unknown>;
  }

  export interface TaskService {
    complete(task: ExternalTask, variables?: Variables, localVariables?: Variables): Promise<void>;
    handleFailure(
      task: ExternalTask,
      options: { errorMessage: string; errorDetails?: string; retries: number; retryTimeout: number },
    ): Promise<void>;
    handleBpmnError(task: ExternalTask, errorCode: string, errorMessage?: string, variables?: Variables): Promise<void>;
    extendLock(task: ExternalTask, newDuration: number): Promise<void>;
  }

  export interface TopicSubscription {
    unsubscribe(): void;
  }

  export class Client extends EventEmitter {
    constructor(options: ClientOptions);
    options: ClientOptions;
    activeTasksCount: number;
    start(): void;
    stop(): void;
    subscribe(
      topic: string,
      options: { lockDuration?: number; variables?: string[] },
      handler: (args: { task: ExternalTask; taskService: TaskService }) => Promise<void>,
    ): TopicSubscription;
  }

  export class BasicAuthInterceptor {
    constructor(options: { username: string; password: string });
  }
}
