import type { DataSource } from 'typeorm';
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

/**
 * Intake (S2-2): a validated report from a channel becomes one event row with its event number
 * (S4-4.4) and one running `event-handling` process. All or nothing: if the engine does not start
 * the process the row is deleted; if the row cannot be completed the process is deleted.
 * Idempotent per channel + externalId. Knows nothing of HTTP.
 */
export const EVENT_PROCESS_KEY = 'event-handling';

export interface IntakeDeps {
  db: DataSource;
  /** The engine as the platform's service account. */
  engine: EngineClient;
  catalogue: Catalogue;
  logger: Logger;
  now?: () => Date;
}

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
export function processVariables(input: IntakeInput, catalogue: Catalogue, channel: ChannelId, number: string, receivedAt: Date): VariableMap {
  const category = catalogue.categories.find((c) => c.code === input.category);
  const street = input.location.street ?? '';
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
  });
}

function isUniqueViolation(err: unknown): boolean {
  const driverError = (err as { driverError?: { code?: string; errno?: number } })?.driverError;
  const code = driverError?.code ?? (err as { code?: string })?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'ER_DUP_ENTRY' || driverError?.errno === 1062;
}

function judgeRepeat(existing: EventRecord, hash: string): IntakeOutcome {
  if (existing.requestHash !== hash) return { kind: 'conflict', number: existing.number ?? '' };
  if (!existing.processInstanceId || !existing.number) return { kind: 'in-progress' };
  return { kind: 'existing', number: existing.number, status: existing.status };
}

export async function submitEvent(deps: IntakeDeps, channel: ChannelId, input: IntakeInput): Promise<IntakeOutcome> {
  const { db, engine, catalogue, logger } = deps;
  const repo = db.getRepository(EventEntity);
  const hash = requestHash(input);
  const receivedAt = (deps.now ?? (() => new Date()))();

  // 1. Store the row and give it its number, in one transaction (or find the earlier one).
  let stored: { id: number; number: string } | IntakeOutcome;
  try {
    stored = await inTurn(db, () =>
      db.transaction(async (m) => {
        const events = m.getRepository(EventEntity);
        const existing = await events.findOneBy({ channel, externalId: input.externalId });
        if (existing) return judgeRepeat(existing, hash);
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
    return judgeRepeat(existing, hash);
  }
  if ('kind' in stored) return stored;
  const { id, number } = stored;

  // 2. Start the process; without it the event does not exist.
  let processInstanceId: string;
  try {
    const started = await engine.processes.start(EVENT_PROCESS_KEY, {
      businessKey: number,
      variables: processVariables(input, catalogue, channel, number, receivedAt),
    });
    processInstanceId = started.id;
  } catch (err) {
    logger.error('the engine did not start the event process; intake undone', { eventNumber: number, channel, error: (err as Error).message });
    await removeProcessesOf(engine, number, logger);
    await inTurn(db, () => repo.delete({ id })).catch((cleanupErr: Error) =>
      logger.error('could not delete the event row after the engine failed', { eventNumber: number, error: cleanupErr.message }),
    );
    return { kind: 'engine-unavailable' };
  }

  // 3. Complete the row; if that fails, take the process back so nothing half-done remains.
  try {
    await inTurn(db, () => repo.update({ id }, { processInstanceId }));
  } catch (err) {
    logger.error('could not store the process instance of a new event; intake undone', { eventNumber: number, processInstanceId, error: (err as Error).message });
    await engine.processes
      .delete(processInstanceId)
      .catch((cleanupErr: Error) => logger.error('could not delete the process instance of a failed intake', { eventNumber: number, processInstanceId, error: cleanupErr.message }));
    await inTurn(db, () => repo.delete({ id })).catch(() => undefined);
    throw err;
  }

  logger.info('event received', { eventNumber: number, channel, category: input.category, processInstanceId });
  return { kind: 'created', number, status: 'received' };
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
