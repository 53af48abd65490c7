import { recordPatrolIntake } from '../patrol/reports.js';
import { IsNull, LessThan, type DataSource } from 'typeorm';
import { acceptGroupsFor, type Catalogue } from '../catalogue/categories.js';
import { EventEntity, type EventRecord, type EventStatus } from '../db/entities/index.js';
import type { EngineClient } from '../engine/engine-client.js';
import { variables, type VariableMap } from '../engine/variables.js';
import type { Logger } from '../logger.js';
import { requestHash } from './canonical.js';
import type { ChannelId } from './channels.js';
import { formatEventNumber } from './event-number.js';
import type { IntakeInput } from './intake-schema.js';
import { inTurn } from './write-lock.js';
import type { StreetLinkage } from '../street/linkage.js';
import { isUrgent } from '../street/emergency.js';

/**
 * Intake (S2-2): a validated report from a channel becomes one event row with its event number
 * (S4-4.4) and one running `event-handling` process. All or nothing: if the engine does not start
 * the process the row is deleted; if the row cannot be completed the process is deleted.
 * Idempotent per channel + externalId. Knows nothing of HTTP.
 *
 * A busy engine (its start takes longer than INTAKE_ENGINE_WAIT_MS) does not hold the answer: the
 * row is stored and numbered, the channel gets its 201, and the start finishes in the background.
 * From then on the row is kept whatever the engine does; recovery starts or links its instance.
 *
 * The row and the process are two writes (app database, engine). When the API dies between them
 * the row is left without its instance; `recoverIntake` closes that window (see below), run by a
 * loop in every API process and by a channel's retry of the same report.
 */
export const EVENT_PROCESS_KEY = 'event-handling';

export interface IntakeDeps {
  db: DataSource;
  /** The engine as the platform's service account. */
  engine: EngineClient;
  catalogue: Catalogue;
  logger: Logger;
  now?: () => Date;
  /** Street linkage settings: the urgent categories (S4-4.1); none when absent. */
  streetLinkage?: StreetLinkage;
  /** How long the answer waits for the engine's start (INTAKE_ENGINE_WAIT_MS); DEFAULT_ENGINE_WAIT_MS when absent. */
  engineWaitMs?: number;
}

/**
 * A start the engine answers within this time (an idle engine: p99 about 40 ms) is awaited, so its
 * failure still undoes the intake with a 503; a busier engine's start finishes after the answer.
 */
export const DEFAULT_ENGINE_WAIT_MS = 50;

export type IntakeOutcome =
  | { kind: 'created'; number: string; status: EventStatus }
  | { kind: 'existing'; number: string; status: EventStatus }
  /** Same channel + externalId, another body. */
  | { kind: 'conflict'; number: string }
  /** Same channel + externalId is being received right now by another request. */
  | { kind: 'in-progress' }
  /** The engine could not start the process; nothing was kept. */
  | { kind: 'engine-unavailable' };

/** Process variables: what the BPMN routes on. Never the reporter's name or phone. */
export function processVariables(input: IntakeInput, catalogue: Catalogue, channel: ChannelId, number: string, receivedAt: Date, linkage?: StreetLinkage): VariableMap {
  const category = catalogue.categories.find((c) => c.code === input.category);
  const street = input.location.street ?? '';
  const urgent = linkage ? isUrgent(linkage, input.category, input.urgent) : input.urgent === true;
  return variables({
    eventNumber: number,
    channel,
    category: input.category,
    categoryName: category?.name ?? input.category,
    title: input.title,
    description: input.description,
    street,
    community: input.location.community ?? '',
    grid: input.location.grid ?? '',
    address: input.location.address,
    // Instants travel as ISO strings (the BPMN and workers read them so), not as Date variables.
    reportedAt: input.reportedAt,
    receivedAt: receivedAt.toISOString(),
    acceptGroups: acceptGroupsFor(catalogue, street || undefined).join(','),
    hasReporter: Boolean(input.reporter?.name || input.reporter?.phone),
    // Patrol inspectors (S4-4.6) and emergencies (S4-4.1, src/street/emergency.ts).
    inspectorId: input.inspectorId ?? '',
    urgent,
    streetUnit: catalogue.streets.find((s) => s.name === street)?.subCentre ?? 'linkage-centre',
  });
}

function isUniqueViolation(err: unknown): boolean {
  const driverError = (err as { driverError?: { code?: string; errno?: number } })?.driverError;
  const code = driverError?.code ?? (err as { code?: string })?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'ER_DUP_ENTRY' || driverError?.errno === 1062;
}

/** How long a row may wait for its process before recovery takes it over (the original request has given up by then). */
export const RECOVERY_GRACE_MS = 10_000;
export const RECOVERY_INTERVAL_MS = 5_000;

async function judgeRepeat(deps: IntakeDeps, existing: EventRecord, hash: string, now: Date): Promise<IntakeOutcome> {
  if (existing.requestHash !== hash) return { kind: 'conflict', number: existing.number ?? '' };
  if (!existing.processInstanceId || !existing.number) {
    // Left behind by a request that died between the two writes: finish it now, for this retry.
    if (!existing.number || now.getTime() - existing.receivedAt.getTime() < RECOVERY_GRACE_MS) return { kind: 'in-progress' };
    const recovered = await recoverIntake(deps, existing);
    if (recovered === 'unavailable') return { kind: 'engine-unavailable' };
    const row = await deps.db.getRepository(EventEntity).findOneBy({ id: existing.id });
    if (!row?.number || !row.processInstanceId) return { kind: 'in-progress' };
    return { kind: 'existing', number: row.number, status: row.status };
  }
  return { kind: 'existing', number: existing.number, status: existing.status };
}

/**
 * After the engine has refused to start a process, intake asks it whether it is back (one query
 * that needs the engine's database) before giving the next report a number, for this long: while the
 * engine is down, a channel's retries are answered 503 without consuming event numbers (S4-4.4).
 */
const ENGINE_SUSPECT_MS = 60_000;
const engineFailedAt = new WeakMap<EngineClient, number>();

async function engineLooksDown(engine: EngineClient): Promise<boolean> {
  const failedAt = engineFailedAt.get(engine);
  if (failedAt === undefined || Date.now() - failedAt > ENGINE_SUSPECT_MS) return false;
  try {
    await engine.processes.list({ businessKey: '-', processDefinitionKey: EVENT_PROCESS_KEY });
    engineFailedAt.delete(engine);
    return false;
  } catch {
    return true;
  }
}

export async function submitEvent(deps: IntakeDeps, channel: ChannelId, input: IntakeInput): Promise<IntakeOutcome> {
  const { db, engine, catalogue, logger } = deps;
  const repo = db.getRepository(EventEntity);
  const hash = requestHash(input);
  const receivedAt = (deps.now ?? (() => new Date()))();

  // 0. A report seen before is answered from its row, whatever the engine's state; a new one waits
  //    while the engine is known to be down, so that it does not consume a number for nothing.
  const seen = await repo.findOneBy({ channel, externalId: input.externalId });
  if (seen) return judgeRepeat(deps, seen, hash, receivedAt);
  if (await engineLooksDown(engine)) return { kind: 'engine-unavailable' };

  // 1. Store the row and give it its number, in one transaction (or find the earlier one).
  let stored: { id: number; number: string } | EventRecord;
  try {
    stored = await inTurn(db, () =>
      db.transaction(async (m) => {
        const events = m.getRepository(EventEntity);
        const existing = await events.findOneBy({ channel, externalId: input.externalId });
        if (existing) return existing;
        const inserted = await events.insert({
          number: null,
          channel,
          externalId: input.externalId,
          requestHash: hash,
          category: input.category,
          title: input.title,
          description: input.description,
          address: input.location.address,
          lat: input.location.lat ?? null,
          lng: input.location.lng ?? null,
          street: input.location.street ?? null,
          community: input.location.community ?? null,
          grid: input.location.grid ?? null,
          reporterUrgent: input.urgent === true,
          inspectorId: input.inspectorId ?? null,
          reporterName: input.reporter?.name ?? null,
          reporterPhone: input.reporter?.phone ?? null,
          attachments: JSON.stringify(input.attachments),
          reportedAt: new Date(input.reportedAt),
          receivedAt,
          status: 'received',
          stage: null,
          handlingRound: 0,
          returnCount: 0,
          overdue: false,
          unclearResponsibility: false,
          processInstanceId: null,
        });
        const id = Number(inserted.identifiers[0].id);
        const number = formatEventNumber(receivedAt, id);
        await events.update({ id }, { number });
        return { id, number };
      }),
    );
  } catch (err) {
    // Another process (a second API instance) stored the same channel + externalId first.
    if (!isUniqueViolation(err)) throw err;
    const existing = await repo.findOneBy({ channel, externalId: input.externalId });
    if (!existing) throw err;
    return judgeRepeat(deps, existing, hash, receivedAt);
  }
  if ('channel' in stored) return judgeRepeat(deps, stored, hash, receivedAt);
  const { id, number } = stored;

  // 2. Start the process; without it the event does not exist. The answer waits for the start at
  //    most engineWaitMs: a report is stored and numbered by now, and a channel must not wait on a
  //    busy engine. A slower start is finished in the background; recovery backs it (see top).
  const starting = settle(
    engine.processes.start(EVENT_PROCESS_KEY, {
      businessKey: number,
      variables: processVariables(input, catalogue, channel, number, receivedAt, deps.streetLinkage),
    }),
  );
  const waitMs = deps.engineWaitMs ?? DEFAULT_ENGINE_WAIT_MS;
  let timer: NodeJS.Timeout | undefined;
  const first = await Promise.race([starting, new Promise<'waited'>((r) => (timer = setTimeout(() => r('waited'), waitMs)))]);
  clearTimeout(timer);
  if (first === 'waited') {
    void starting.then((start) => finishInBackground(deps, id, number, start));
    logger.info('event received; the engine is still starting its process', { eventNumber: number, channel, category: input.category });
    return { kind: 'created', number, status: 'received' };
  }
  const start = first;
  if (!start.ok) {
    const err = start.error;
    logger.error('the engine did not start the event process; intake undone', { eventNumber: number, channel, error: err.message });
    engineFailedAt.set(engine, Date.now());
    // Only a row still without its instance is undone: recovery may have finished it meanwhile.
    const deleted = await inTurn(db, () => repo.delete({ id, processInstanceId: IsNull() })).catch((cleanupErr: Error) => {
      logger.error('could not delete the event row after the engine failed', { eventNumber: number, error: cleanupErr.message });
      return undefined;
    });
    if (deleted?.affected) {
      await removeProcessesOf(engine, number, logger);
      return { kind: 'engine-unavailable' };
    }
    const row = await repo.findOneBy({ id }).catch(() => null);
    if (row?.processInstanceId) return { kind: 'existing', number, status: row.status };
    return { kind: 'engine-unavailable' };
  }
  const processInstanceId = start.value.id;

  // 3. Complete the row; if that fails, take the process back so nothing half-done remains.
  try {
    const linked = await linkInstance(db, id, processInstanceId);
    if (!linked) {
      // Recovery took over a request this slow and linked an instance of its own: keep that one.
      const row = await repo.findOneBy({ id });
      if (row?.processInstanceId !== processInstanceId) {
        await engine.processes.delete(processInstanceId).catch(() => undefined);
        logger.warn('recovery had already started this event; the second instance was deleted', { eventNumber: number, processInstanceId });
      }
      return { kind: 'existing', number, status: row?.status ?? 'received' };
    }
  } catch (err) {
    logger.error('could not store the process instance of a new event; intake undone', { eventNumber: number, processInstanceId, error: (err as Error).message });
    await engine.processes
      .delete(processInstanceId)
      .catch((cleanupErr: Error) => logger.error('could not delete the process instance of a failed intake', { eventNumber: number, processInstanceId, error: cleanupErr.message }));
    await inTurn(db, () => repo.delete({ id, processInstanceId: IsNull() })).catch(() => undefined);
    throw err;
  }

  logger.info('event received', { eventNumber: number, channel, category: input.category, processInstanceId });
  return { kind: 'created', number, status: 'received' };
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: Error };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error: error instanceof Error ? error : new Error(String(error)) }),
  );
}

/**
 * The end of an intake whose answer did not wait for the engine: the channel has its 201, so the
 * row stays whatever happens. A started instance is linked (unless recovery linked one of its own
 * first: then this one is deleted); a failed start, or a link the database refused, is left to the
 * recovery loop, which starts or links the instance by the event number.
 */
async function finishInBackground(deps: IntakeDeps, id: number, number: string, start: Settled<{ id: string }>): Promise<void> {
  const { db, engine, logger } = deps;
  if (!start.ok) {
    engineFailedAt.set(engine, Date.now());
    logger.warn('the engine did not start the process of an answered event; recovery will', { eventNumber: number, error: start.error.message });
    return;
  }
  const processInstanceId = start.value.id;
  try {
    if (await linkInstance(db, id, processInstanceId)) return;
    const row = await db.getRepository(EventEntity).findOneBy({ id });
    if (row && row.processInstanceId !== processInstanceId) {
      await engine.processes.delete(processInstanceId).catch(() => undefined);
      logger.warn('recovery had already started this event; the second instance was deleted', { eventNumber: number, processInstanceId });
    }
  } catch (err) {
    logger.warn('could not store the process instance of an answered event; recovery will link it', { eventNumber: number, processInstanceId, error: (err as Error).message });
  }
}

/**
 * After a failed start call the engine may still have started the instance (e.g. the answer was
 * lost to a timeout): delete whatever runs under this business key. Best effort — when the engine
 * is down there is nothing to delete.
 */
async function removeProcessesOf(engine: EngineClient, businessKey: string, logger: Logger): Promise<void> {
  try {
    const running = await engine.processes.list({ businessKey });
    for (const instance of running) {
      await engine.processes.delete(instance.id);
      logger.warn('deleted the process instance of a failed intake', { eventNumber: businessKey, processInstanceId: instance.id });
    }
  } catch {
    // The engine is unreachable: it cannot have kept anything we could delete now.
  }
}

/** Sets the row's instance only if it has none yet; false when another request or recoverer was first. */
async function linkInstance(db: DataSource, id: number, processInstanceId: string): Promise<boolean> {
  const result = await inTurn(db, () => db.getRepository(EventEntity).update({ id, processInstanceId: IsNull() }, { processInstanceId }));
  return (result.affected ?? 0) > 0;
}

/** The report as the channel sent it, rebuilt from its row (for the process variables). */
function inputOf(row: EventRecord): IntakeInput {
  return {
    externalId: row.externalId,
    category: row.category,
    title: row.title,
    description: row.description,
    location: {
      address: row.address,
      ...(row.street && { street: row.street }),
      ...(row.community && { community: row.community }),
      ...(row.grid && { grid: row.grid }),
    },
    ...((row.reporterName || row.reporterPhone) && { reporter: { ...(row.reporterName && { name: row.reporterName }), ...(row.reporterPhone && { phone: row.reporterPhone }) } }),
    attachments: [],
    reportedAt: new Date(row.reportedAt).toISOString(),
    ...(row.reporterUrgent && { urgent: true }),
    ...(row.inspectorId && { inspectorId: row.inspectorId }),
  } as IntakeInput;
}

export type RecoveryOutcome = 'linked' | 'started' | 'already' | 'unavailable';

/**
 * Finishes the intake of a row left without its process instance (the API died between the two
 * writes). If the engine already runs (or ran) an instance under the event number, that instance is
 * linked; otherwise the process is started now with the variables the intake would have used. Safe
 * with several API processes at once: a row is linked only while it has no instance, and whoever
 * loses that race deletes the instance it started itself.
 */
export async function recoverIntake(deps: IntakeDeps, row: EventRecord): Promise<RecoveryOutcome> {
  const { db, engine, catalogue, logger } = deps;
  const number = row.number;
  if (!number) return 'already';
  let processInstanceId: string | undefined;
  let started = false;
  try {
    const running = await engine.processes.list({ businessKey: number, processDefinitionKey: EVENT_PROCESS_KEY });
    processInstanceId = running[0]?.id;
    if (!processInstanceId) {
      const ended = await engine.history.processInstances({ processInstanceBusinessKey: number, processDefinitionKey: EVENT_PROCESS_KEY });
      processInstanceId = ended[0]?.id;
    }
    if (!processInstanceId) {
      const channel = row.channel as ChannelId;
      const result = await engine.processes.start(EVENT_PROCESS_KEY, {
        businessKey: number,
        variables: processVariables(inputOf(row), catalogue, channel, number, new Date(row.receivedAt), deps.streetLinkage),
      });
      processInstanceId = result.id;
      started = true;
    }
  } catch (err) {
    logger.warn('intake recovery: the engine is not available', { eventNumber: number, error: (err as Error).message });
    return 'unavailable';
  }
  if (!(await linkInstance(db, row.id, processInstanceId))) {
    if (started) await engine.processes.delete(processInstanceId).catch(() => undefined);
    return 'already';
  }
  // The route books a patrol report after intake answers; an intake finished here books it here.
  if (row.inspectorId) await recordPatrolIntake(db, number, row.inspectorId, new Date(row.receivedAt));
  logger.warn(started ? 'intake recovery: started the process of an event left without one' : 'intake recovery: linked the process the engine already had', {
    eventNumber: number,
    processInstanceId,
  });
  return started ? 'started' : 'linked';
}

/** One pass: every row without an instance received more than `graceMs` ago. */
export async function recoverStaleIntakes(deps: IntakeDeps, graceMs = RECOVERY_GRACE_MS): Promise<Record<RecoveryOutcome, number>> {
  const now = (deps.now ?? (() => new Date()))();
  const rows = await deps.db.getRepository(EventEntity).find({
    where: { processInstanceId: IsNull(), receivedAt: LessThan(new Date(now.getTime() - graceMs)) },
    order: { id: 'ASC' },
    take: 100,
  });
  const counts: Record<RecoveryOutcome, number> = { linked: 0, started: 0, already: 0, unavailable: 0 };
  for (const row of rows) {
    const outcome = await recoverIntake(deps, row);
    counts[outcome] += 1;
    if (outcome === 'unavailable') break; // the engine is down: the next pass tries again
  }
  return counts;
}

/** The recovery loop of an API process: a pass at start, then every `intervalMs`. */
export function startIntakeRecovery(deps: IntakeDeps, intervalMs = RECOVERY_INTERVAL_MS): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const pass = () => {
    if (running) return; // the previous pass is still at work (a slow engine)
    running = recoverStaleIntakes(deps)
      .catch((err: Error) => deps.logger.warn('intake recovery pass failed', { error: err.message }))
      .finally(() => (running = undefined));
  };
  pass();
  const timer = setInterval(pass, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
