import { readVariables, type VariableDto, type VariableMap, type VariableReader } from './variables.js';

/**
 * The typed engine facade: what the platform does with the engine, as named, typed calls over its
 * REST API (`/engine-rest`). Every REST path the platform uses is written here, once; the rest of
 * `src/` calls these methods. The low-level `get/post/put/delete/postForm` stay on the client for
 * the workers and for tests that probe the REST API on purpose.
 */
export interface EngineRest {
  get<T>(path: string, query?: Record<string, unknown>): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  delete(path: string): Promise<void>;
  postForm<T>(path: string, form: FormData): Promise<T>;
}

// --- DTOs (only the fields the platform reads) ---------------------------------------------------

export interface ProcessInstance {
  id: string;
  definitionId: string;
  businessKey: string | null;
  ended: boolean;
  suspended: boolean;
}

export interface ProcessInstanceQuery {
  processDefinitionKey?: string;
  businessKey?: string;
  active?: boolean;
  processInstanceIds?: string;
}

export interface Task {
  id: string;
  name: string | null;
  assignee: string | null;
  created: string;
  due: string | null;
  /** 0–100; urgent events' acceptance tasks come first (S4-4.1). */
  priority?: number;
  taskDefinitionKey: string;
  processInstanceId: string;
  processDefinitionId: string;
}

export interface TaskQuery {
  processInstanceId?: string;
  processInstanceBusinessKey?: string;
  taskDefinitionKey?: string;
  candidateGroup?: string;
  assignee?: string;
  sortBy?: string;
  sortOrder?: 'asc' | 'desc';
  maxResults?: number;
}

export interface MessageCorrelation {
  processInstanceId?: string;
  businessKey?: string;
  processVariables?: VariableMap;
  /** Correlate with every waiting execution, not exactly one. */
  all?: boolean;
}

export interface CorrelationResult {
  resultType: 'Execution' | 'ProcessDefinition';
  processInstance: { id: string; businessKey: string | null } | null;
}

export interface HistoricProcessInstance {
  id: string;
  businessKey: string | null;
  processDefinitionKey: string;
  startTime: string;
  endTime: string | null;
  state: 'ACTIVE' | 'SUSPENDED' | 'COMPLETED' | 'EXTERNALLY_TERMINATED' | 'INTERNALLY_TERMINATED';
}

export interface HistoricActivityInstance {
  id: string;
  activityId: string;
  activityName: string | null;
  activityType: string;
  parentActivityInstanceId: string;
  processInstanceId: string;
  executionId: string;
  startTime: string;
  endTime: string | null;
  canceled?: boolean;
  /** The user task of a user-task activity instance. */
  taskId?: string | null;
  /** Who the user task was assigned to (completed it), for user-task activity instances. */
  assignee?: string | null;
}

export interface HistoricTaskInstance {
  id: string;
  name: string | null;
  assignee: string | null;
  /** The task's due date (engine date format), when the model set one. */
  due?: string | null;
  taskDefinitionKey: string;
  processDefinitionKey: string;
  processInstanceId: string;
  startTime: string;
  endTime: string | null;
  deleteReason: string | null;
}

export interface UserOperationLogEntry {
  id: string;
  userId: string | null;
  taskId: string | null;
  operationType: string;
  timestamp: string;
}

export interface HistoricVariableInstance {
  id: string;
  name: string;
  type: string;
  value: unknown;
  processInstanceId: string;
  /** The execution (scope) that holds the variable, and its activity instance. */
  executionId: string;
  activityInstanceId: string;
  state: string;
}

export interface HistoricIdentityLink {
  taskId: string | null;
  type: string;
  groupId: string | null;
  userId: string | null;
  operationType: 'add' | 'delete';
}

export interface Deployment {
  id: string;
  name: string | null;
  deploymentTime: string;
}

export interface DeploymentResource {
  id: string;
  name: string;
  deploymentId: string;
}

interface DeployedDefinition {
  id: string;
  key: string;
  version: number;
}

export interface DeploymentWithDefinitions extends Deployment {
  deployedProcessDefinitions: Record<string, DeployedDefinition> | null;
  deployedDecisionDefinitions: Record<string, DeployedDefinition> | null;
}

export interface Definition {
  id: string;
  key: string;
  name: string | null;
  version: number;
  versionTag?: string | null;
  deploymentId: string;
  resource: string;
}

export interface ProcessDefinitionStatistics {
  id: string;
  instances: number;
  incidents: Array<{ incidentType: string; incidentCount: number }>;
}

export interface Authorization {
  id: string;
  type: number;
  permissions: string[];
  groupId: string | null;
  resourceType: number;
  resourceId: string;
}

export interface AuthorizationBody {
  type: number;
  groupId: string;
  resourceType: number;
  resourceId: string;
  permissions: string[];
}

export interface FilterBody {
  resourceType: 'Task';
  name: string;
  owner: string | null;
  query: Record<string, unknown>;
  properties: Record<string, unknown>;
}

export interface UserProfile {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
}

export interface Incident {
  id: string;
  processDefinitionId: string;
  processInstanceId: string;
  activityId: string | null;
  incidentType: string;
  incidentMessage: string | null;
  incidentTimestamp: string;
}

export interface ExternalTaskInfo {
  id: string;
  topicName: string;
  workerId: string | null;
  lockExpirationTime: string | null;
  retries: number | null;
  errorMessage: string | null;
  activityId: string;
  processInstanceId: string;
  processDefinitionKey: string;
  businessKey: string | null;
}

export interface Job {
  id: string;
  duedate: string | null;
  processInstanceId: string | null;
  processDefinitionKey: string | null;
  retries: number;
  exceptionMessage: string | null;
  suspended: boolean;
}

type Query = Record<string, unknown>;

const seg = (value: string) => encodeURIComponent(value);

/** The engine's REST date format: `2026-11-30T08:00:00.000+0000`. */
export function engineDate(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

/** Resolves to undefined where the engine answers 404 (the thing does not exist). */
async function orUndefined<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    if ((err as { httpStatus?: number }).httpStatus === 404) return undefined;
    throw err;
  }
}

export function engineFacade(rest: EngineRest) {
  return {
    /** The engine's version; also the cheapest authenticated probe. */
    version: () => rest.get<{ version: string }>('/version'),
    /** The engines this REST API serves (what `/health` probes). */
    engines: () => rest.get<Array<{ name: string }>>('/engine'),

    processes: {
      /** Starts the newest version of `key` with its business key and typed variables. */
      start: (key: string, input: { businessKey: string; variables: VariableMap }) =>
        rest.post<{ id: string; businessKey: string | null; definitionId: string }>(`/process-definition/key/${seg(key)}/start`, input),
      list: (query: ProcessInstanceQuery) => rest.get<ProcessInstance[]>('/process-instance', query as Query),
      /** Deletes a running instance without running its listeners or I/O mappings (undoing a failed intake). */
      delete: (id: string) => rest.delete(`/process-instance/${seg(id)}?skipCustomListeners=true&skipIoMappings=true&skipSubprocesses=false`),
      /** Every variable of a running instance, through the one typed reader. */
      variables: async (id: string): Promise<VariableReader> =>
        readVariables(await rest.get<Record<string, VariableDto>>(`/process-instance/${seg(id)}/variables`, { deserializeValues: false })),
      variable: async (id: string, name: string): Promise<VariableDto | undefined> =>
        orUndefined(rest.get<VariableDto>(`/process-instance/${seg(id)}/variables/${seg(name)}`, { deserializeValue: false })),
      setVariables: (id: string, modifications: VariableMap) => rest.post<void>(`/process-instance/${seg(id)}/variables`, { modifications }),
    },

    messages: {
      /** Correlates `name`; answers which instances received it (or which one it started). */
      correlate: (name: string, input: MessageCorrelation = {}) =>
        rest.post<CorrelationResult[]>('/message', {
          messageName: name,
          ...(input.processInstanceId && { processInstanceId: input.processInstanceId }),
          ...(input.businessKey && { businessKey: input.businessKey }),
          ...(input.processVariables && { processVariables: input.processVariables }),
          ...(input.all && { all: true }),
          resultEnabled: true,
        }),
    },

    tasks: {
      list: (query: TaskQuery) => rest.get<Task[]>('/task', query as Query),
      claim: (id: string, userId: string) => rest.post<void>(`/task/${seg(id)}/claim`, { userId }),
      complete: (id: string, variables: VariableMap = {}) => rest.post<void>(`/task/${seg(id)}/complete`, { variables }),
      variables: async (id: string): Promise<VariableReader> =>
        readVariables(await rest.get<Record<string, VariableDto>>(`/task/${seg(id)}/variables`, { deserializeValues: false })),
    },

    history: {
      processInstances: (query: { processInstanceBusinessKey?: string; processDefinitionKey?: string; finished?: boolean }) =>
        rest.get<HistoricProcessInstance[]>('/history/process-instance', query),
      processInstance: (id: string) => orUndefined(rest.get<HistoricProcessInstance>(`/history/process-instance/${seg(id)}`)),
      activityInstances: (query: {
        processInstanceId?: string;
        activityId?: string;
        activityType?: string;
        unfinished?: boolean;
        finished?: boolean;
        sortBy?: 'occurrence' | 'startTime' | 'endTime';
        sortOrder?: 'asc' | 'desc';
      }) => rest.get<HistoricActivityInstance[]>('/history/activity-instance', query),
      taskInstances: (query: {
        processInstanceId?: string;
        processInstanceBusinessKey?: string;
        taskDefinitionKey?: string;
        finished?: boolean;
        sortBy?: 'endTime' | 'startTime';
        sortOrder?: 'asc' | 'desc';
        maxResults?: number;
      }) => rest.get<HistoricTaskInstance[]>('/history/task', query),
      /** Historic tasks of one task definition in the instances of the given business keys (POST query: many keys). */
      taskInstancesOfBusinessKeys: (query: { taskDefinitionKey: string; processDefinitionKey: string; businessKeys: string[]; finished?: boolean }) =>
        rest.post<HistoricTaskInstance[]>(`/history/task?firstResult=0&maxResults=${query.businessKeys.length * 20}`, {
          taskDefinitionKey: query.taskDefinitionKey,
          processDefinitionKey: query.processDefinitionKey,
          processInstanceBusinessKeyIn: query.businessKeys,
          finished: query.finished,
        }),
      /** The user operation log (who completed, claimed, … a task), e.g. `{ taskId, operationType: 'Complete' }`. */
      userOperations: (query: {
        taskId?: string;
        processInstanceId?: string;
        processDefinitionKey?: string;
        operationType?: string;
        entityType?: string;
        afterTimestamp?: string;
        beforeTimestamp?: string;
        firstResult?: number;
        maxResults?: number;
        sortBy?: 'timestamp';
        sortOrder?: 'asc' | 'desc';
      }) => rest.get<UserOperationLogEntry[]>('/history/user-operation', query),
      /** The identity link log (who a task was offered to: `type=candidate`, `groupId`). */
      identityLinks: (query: { taskId: string; type?: 'candidate' | 'assignee' | 'owner' }) => rest.get<HistoricIdentityLink[]>('/history/identity-link-log', query),
      /** Variable instances of every scope, each with the activity instance that holds it (a sub-process's local variables). */
      variableInstances: (query: { processInstanceId: string; variableName?: string }) =>
        rest.get<HistoricVariableInstance[]>('/history/variable-instance', { ...query, deserializeValues: false }),
      /** Variable instances, read through the one typed reader (last value by name). */
      variables: async (query: { processInstanceId: string; variableName?: string }): Promise<VariableReader> => {
        const rows = await rest.get<HistoricVariableInstance[]>('/history/variable-instance', { ...query, deserializeValues: false });
        return readVariables(Object.fromEntries(rows.map((r) => [r.name, { value: r.value, type: r.type }])));
      },
    },

    jobs: {
      /** The jobs of one activity (e.g. a timer) in one instance. */
      ofActivity: async (processInstanceId: string, activityId: string) => {
        const definitions = await rest.get<Array<{ id: string }>>('/job-definition', { activityIdIn: activityId });
        const jobs = await Promise.all(
          definitions.map((d) => rest.get<Array<{ id: string; duedate: string | null }>>('/job', { processInstanceId, jobDefinitionId: d.id })),
        );
        return jobs.flat();
      },
      execute: (id: string) => rest.post<void>(`/job/${seg(id)}/execute`),
      /** Timer jobs due before `dueBefore`, oldest first (the job executor should have run them). */
      timersDueBefore: (dueBefore: Date, maxResults = 200) =>
        rest.get<Job[]>('/job', {
          timers: true,
          active: true,
          dueDates: `lt_${engineDate(dueBefore)}`,
          sortBy: 'jobDueDate',
          sortOrder: 'asc',
          maxResults,
        }),
      /** Sets a failed job's retries again (what Cockpit's "retry" does for a failed-job incident). */
      setRetries: (id: string, retries: number) => rest.put<void>(`/job/${seg(id)}/retries`, { retries }),
      /** Starts the history cleanup now (`immediatelyDue`), outside its window; returns the cleanup job. */
      historyCleanup: () => rest.post<{ id: string } | null>('/history/cleanup?immediatelyDue=true'),
    },

    incidents: {
      /** Open incidents, oldest first. */
      list: (query: { processInstanceId?: string; maxResults?: number } = {}) =>
        rest.get<Incident[]>('/incident', { sortBy: 'incidentTimestamp', sortOrder: 'asc', maxResults: 200, ...query }),
    },

    externalTasks: {
      list: (query: { notLocked?: boolean; noRetriesLeft?: boolean; withRetriesLeft?: boolean; processInstanceId?: string; maxResults?: number }) =>
        rest.get<ExternalTaskInfo[]>('/external-task', { maxResults: 200, ...query }),
      /** Gives an external task new retries (resolves its incident; the workers fetch it again). */
      setRetries: (id: string, retries: number) => rest.put<void>(`/external-task/${seg(id)}/retries`, { retries }),
    },

    deployments: {
      /** One deployment of `files` (multipart), with the engine's duplicate filtering. */
      create: (input: { name: string; source: string; files: Array<{ name: string; content: string }> }) => {
        const form = new FormData();
        form.set('deployment-name', input.name);
        form.set('deployment-source', input.source);
        form.set('enable-duplicate-filtering', 'true');
        for (const file of input.files) form.set(file.name, new Blob([file.content], { type: 'application/octet-stream' }), file.name);
        return rest.postForm<DeploymentWithDefinitions>('/deployment/create', form);
      },
      newest: (maxResults: number) => rest.get<Deployment[]>('/deployment', { sortBy: 'deploymentTime', sortOrder: 'desc', maxResults }),
      resources: (deploymentId: string) => rest.get<DeploymentResource[]>(`/deployment/${seg(deploymentId)}/resources`),
      resource: (deploymentId: string, resourceId: string) =>
        orUndefined(rest.get<DeploymentResource>(`/deployment/${seg(deploymentId)}/resources/${seg(resourceId)}`)),
      /** A resource's content; JSON resources (forms) come back parsed. */
      resourceData: (deploymentId: string, resourceId: string) => rest.get<unknown>(`/deployment/${seg(deploymentId)}/resources/${seg(resourceId)}/data`),
    },

    definitions: {
      processes: (query: { key?: string; latestVersion?: boolean } = {}) =>
        rest.get<Definition[]>('/process-definition', { sortBy: 'key', sortOrder: 'asc', ...query }),
      process: (id: string) => orUndefined(rest.get<Definition>(`/process-definition/${seg(id)}`)),
      processXml: async (id: string) => (await rest.get<{ bpmn20Xml: string }>(`/process-definition/${seg(id)}/xml`)).bpmn20Xml,
      processStatistics: () => rest.get<ProcessDefinitionStatistics[]>('/process-definition/statistics', { incidents: true }),
      decisions: () => rest.get<Definition[]>('/decision-definition', { sortBy: 'key', sortOrder: 'asc' }),
      decision: (id: string) => orUndefined(rest.get<Definition>(`/decision-definition/${seg(id)}`)),
      decisionXml: async (id: string) => (await rest.get<{ dmnXml: string }>(`/decision-definition/${seg(id)}/xml`)).dmnXml,
    },

    identity: {
      /** Checks a user's password against the engine's identity service. */
      verify: async (username: string, password: string) =>
        (await rest.post<{ authenticated: boolean }>('/identity/verify', { username, password })).authenticated,
      groupIdsOf: async (userId: string) => (await rest.get<Array<{ id: string }>>('/group', { member: userId })).map((g) => g.id),
      group: (id: string) => orUndefined(rest.get<{ id: string; name: string; type: string }>(`/group/${seg(id)}`)),
      createGroup: (group: { id: string; name: string; type: string }) => rest.post<void>('/group/create', group),
      updateGroup: (group: { id: string; name: string; type: string }) => rest.put<void>(`/group/${seg(group.id)}`, group),
      addMember: (groupId: string, userId: string) => rest.put<void>(`/group/${seg(groupId)}/members/${seg(userId)}`),
      isMember: async (groupId: string, userId: string) => (await rest.get<unknown[]>('/user', { id: userId, memberOfGroup: groupId })).length > 0,
      user: (id: string) => orUndefined(rest.get<UserProfile>(`/user/${seg(id)}/profile`)),
      createUser: (profile: UserProfile, password: string) => rest.post<void>('/user/create', { profile, credentials: { password } }),
      deleteUser: (id: string) => rest.delete(`/user/${seg(id)}`),
      /** Lifts a user's lock after repeated wrong passwords (engine administrators only). */
      unlockUser: (id: string) => rest.post<void>(`/user/${seg(id)}/unlock`),
      /** Resets a user's password; the engine wants the acting admin's own password too. */
      setPassword: (id: string, password: string, adminPassword: string) =>
        rest.put<void>(`/user/${seg(id)}/credentials`, { password, authenticatedUserPassword: adminPassword }),
      authorizations: (query: { type: number; groupIdIn: string; resourceType: number; resourceId: string }) =>
        rest.get<Authorization[]>('/authorization', query),
      createAuthorization: (body: AuthorizationBody) => rest.post<Authorization>('/authorization/create', body),
      updateAuthorization: (id: string, body: AuthorizationBody) => rest.put<void>(`/authorization/${seg(id)}`, body),
      taskFilters: (name: string) => rest.get<Array<{ id: string; name: string }>>('/filter', { resourceType: 'Task', name }),
      createFilter: async (body: FilterBody) => (await rest.post<{ id: string }>('/filter/create', body)).id,
      updateFilter: (id: string, body: FilterBody) => rest.put<void>(`/filter/${seg(id)}`, body),
    },
  };
}

export type EngineFacade = ReturnType<typeof engineFacade>;
