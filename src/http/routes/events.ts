import { Router, type Request } from 'express';
import type { DataSource } from 'typeorm';
import type { Catalogue } from '../../catalogue/categories.js';
import type { Config } from '../../config.js';
import type { EngineClient } from '../../engine/engine-client.js';
import { resolveIntakeApiKeys, type ChannelKeys } from '../../events/api-keys.js';
import { intakeSchema } from '../../events/intake-schema.js';
import { submitEvent } from '../../events/intake.js';
import { parseListQuery } from '../../events/list-query.js';
import { tieToGrid } from '../../street/grids.js';
import { eventLink, getEvent } from '../../events/queries.js';
import { listEvents, nextLink } from '../../events/listing.js';
import type { OrgChart } from '../../identity/org-chart.js';
import type { Logger } from '../../logger.js';
import { principalOf, requireChannel, requireChannelOrStaff } from '../auth.js';
import { jsonBody } from '../body.js';
import { channelRateLimit, type OverLimitChannels } from '../rate-limit.js';
import { DomainError, engineUnavailable, ValidationError, VALIDATION_MESSAGE } from '../../errors.js';
import { parseBody } from '../../validation.js';
import type { PlatformContext } from '../../context.js';
import { checkPatrolIntake, recordPatrolIntake } from '../../patrol/reports.js';

/**
 * The intake API (S2-2): channels report events with their API key; channels and staff read them.
 *   POST /api/events            → 201 new event | 200 same channel+externalId again | 409 | 400 | 415 | 503
 *   GET  /api/events/:number    → the event with status, stage, units, SLA and timeline
 *   GET  /api/events            → filtered list, newest first; paged by `links.next` (cursor) or `page`
 */
export interface EventsRouterDeps {
  config: Config;
  db: DataSource;
  engine: EngineClient;
  logger: Logger;
  catalogue: Catalogue;
  orgChart: OrgChart;
  now?: () => Date;
  /** Defaults to INTAKE_API_KEYS, or the generated development keys. */
  channelKeys?: ChannelKeys;
  /** The rate limit's channels over their limit, shared with the app's early refusal (createApp). */
  overLimit?: OverLimitChannels;
  /** Patrol inspectors (S4-4.6) and the urgent categories (S4-4.1), from the context built at start. */
  context?: Pick<PlatformContext, 'patrol' | 'streetLinkage'>;
}

export const EVENT_MESSAGES = {
  validation: VALIDATION_MESSAGE,
  contentType: '请求体须为 JSON（Content-Type: application/json）',
  conflict: '该渠道已用同一 externalId 上报过内容不同的事件',
  inProgress: '同一 externalId 的事件正在受理中，请稍后重试',
  engineDown: '流程引擎暂时不可用，事件未受理，请稍后重试',
  notFound: '没有找到这个事件',
} as const;

function requireJson(req: Request): void {
  if (!req.is('application/json')) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 415, EVENT_MESSAGES.contentType);
}

export function eventsRouter(deps: EventsRouterDeps): Router {
  const { catalogue, orgChart } = deps;
  const keys = deps.channelKeys ?? resolveIntakeApiKeys(deps.config);
  const staffDeps = { engine: deps.engine, orgChart };
  const useCase = { db: deps.db, engine: deps.engine, catalogue, orgChart, logger: deps.logger, streetLinkage: deps.context?.streetLinkage, engineWaitMs: deps.config.intakeEngineWaitMs };
  const intake = intakeSchema(catalogue);
  const router = Router();
  // Every channel request counts against its channel's limit (shared by all API instances).
  const limited = channelRateLimit(deps);

  // Key, then rate limit, then the body: a throttled flood is refused before its body is parsed.
  router.post('/api/events', requireChannel(keys), limited, jsonBody(), async (req, res) => {
    requireJson(req);
    const principal = principalOf(res);
    if (principal.kind !== 'channel') throw new Error('POST /api/events reached without a channel principal');
    const input = tieToGrid(orgChart, catalogue, parseBody(intake, req.body));
    if (deps.context) checkPatrolIntake(deps.context.patrol, principal.channel, input.inspectorId);
    const outcome = await submitEvent(useCase, principal.channel, input);
    switch (outcome.kind) {
      case 'created':
      case 'existing':
        if (input.inspectorId) await recordPatrolIntake(deps.db, outcome.number, input.inspectorId, (deps.now ?? (() => new Date()))());
        res
          .status(outcome.kind === 'created' ? 201 : 200)
          .location(eventLink(outcome.number))
          .json({ number: outcome.number, status: outcome.status, links: { self: eventLink(outcome.number) } });
        return;
      case 'conflict':
        throw new DomainError('EXTERNAL_ID_CONFLICT', 409, EVENT_MESSAGES.conflict, { detail: { number: outcome.number } });
      case 'in-progress':
        throw new DomainError('INTAKE_IN_PROGRESS', 409, EVENT_MESSAGES.inProgress, { retryAfterSeconds: 2 });
      case 'engine-unavailable':
        throw engineUnavailable(EVENT_MESSAGES.engineDown);
    }
  });

  router.get('/api/events', requireChannelOrStaff(keys, staffDeps), limited, async (req, res) => {
    const query = parseListQuery(req.query);
    if (!query.ok) throw new ValidationError(query.problems);
    const page = await listEvents(useCase, principalOf(res), query.value);
    res.json({ ...page, links: { next: nextLink(req.query as Record<string, unknown>, page.nextCursor) } });
  });

  router.get('/api/events/:number', requireChannelOrStaff(keys, staffDeps), limited, async (req, res) => {
    const result = await getEvent(useCase, principalOf(res), String(req.params.number));
    if (!result.found) throw new DomainError('EVENT_NOT_FOUND', 404, EVENT_MESSAGES.notFound);
    res.json(result.event);
  });

  return router;
}
