import fs from 'node:fs';
import path from 'node:path';
import express, { type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app.js';
import { DomainError, forbidden, invalidField } from '../errors.js';
import { parseBody } from '../validation.js';
import { principalOf, requireStaff, type StaffAuthDeps } from '../http/auth.js';
import { lintFiles } from '../lint/lint-files.js';
import { deployersOf, recordAudit } from '../audit/audit.js';
import { deployFromModeler, lintContextFor, MODELER_DEPLOYMENT_NAME } from './deploy.js';
import { deleteDraft, getDraft, listDrafts, saveDraft } from './drafts.js';
import { elementTemplates } from './element-templates.js';
import { fetchDecisionXml, fetchDeployedForm, fetchLatestProcessXml, fetchProcessXml, listDeployedModels } from './engine-models.js';
import { listRepositoryFiles, readRepositoryFile } from './model-files.js';
import { TOPIC_MANIFEST } from '../topics/manifest.js';

/**
 * The web modeler: the page at /modeler (the bundle built from web-modeler/ into
 * web-modeler/dist) and its API at /api/modeler/*. Every API call needs an engine sign-in (HTTP
 * basic, checked against the engine by src/http/auth.ts); deploying and drafts need membership of
 * a unit with role `process-admin` (or the engine's administrators) — checked here, on the server.
 */
export const MODELER_DIST = path.resolve('web-modeler/dist');
export const TEMPLATES_FILE_NAME = 'linkage-element-templates.json';
const BODY_LIMIT = '5mb';

const fileSchema = z.object({ name: z.string().min(1).max(200), content: z.string().max(4_000_000) });
const filesSchema = z.object({ files: z.array(fileSchema).min(1).max(50) });
const draftSchema = z.object({ fileName: z.string().min(1).max(200), content: z.string().max(4_000_000), note: z.string().max(300).nullish() });

/** The page signs in with its own form: a 401 must not make the browser pop up its login dialog. */
const noBrowserChallenge: RequestHandler = (req, res, next) => {
  if (req.get('x-requested-with') === 'XMLHttpRequest') {
    const setHeader = res.setHeader.bind(res);
    res.setHeader = ((name: string, value: unknown) => (name.toLowerCase() === 'www-authenticate' ? res : setHeader(name, value as string))) as typeof res.setHeader;
  }
  next();
};

function idParam(req: Request): number {
  const id = Number(req.params.id);
  if (!Number.isInteger(id) || id <= 0) throw invalidField('id', '草稿编号无效');
  return id;
}

function userOf(res: Response): string {
  const p = principalOf(res);
  return p.kind === 'staff' ? p.userId : p.channel;
}

export function processAdminGroups(deps: Pick<StaffAuthDeps, 'orgChart'>): string[] {
  return deps.orgChart.units.filter((u) => u.roles.includes('process-admin')).map((u) => u.id);
}

export function modelerRouter(deps: AppDeps, options: { distDir?: string } = {}): express.Router {
  const distDir = options.distDir ?? MODELER_DIST;
  const authDeps: StaffAuthDeps = { engine: deps.engine, orgChart: deps.context.orgChart };
  const adminGroups = processAdminGroups(authDeps);
  const signedIn = requireStaff(authDeps);
  const admin = requireStaff(authDeps, { anyGroup: adminGroups });
  const router = express.Router();

  // --- the page -----------------------------------------------------------------------------------
  router.get('/modeler', (req, res, next) => {
    // A relative asset path needs the trailing slash.
    if (!req.originalUrl.split('?')[0].endsWith('/')) return res.redirect(301, '/modeler/');
    next();
  });
  router.use('/modeler', (req, res, next) => {
    if (fs.existsSync(path.join(distDir, 'index.html'))) return next();
    res.status(503).type('text/plain; charset=utf-8').send('建模器尚未构建：请运行 npm run build:modeler（npm start 会自动构建）');
  });
  router.use('/modeler', express.static(distDir, { index: 'index.html', fallthrough: true }));

  // --- the API ------------------------------------------------------------------------------------
  const api = express.Router();
  api.use(express.json({ limit: BODY_LIMIT }));
  api.use(noBrowserChallenge);

  api.get('/session', signedIn, (_req, res) => {
    const p = principalOf(res);
    if (p.kind !== 'staff') throw forbidden('需要工作人员账号');
    const isAdmin = p.groups.includes('operaton-admin') || p.groups.some((g) => adminGroups.includes(g));
    res.json({ user: p.userId, groups: p.groups, isProcessAdmin: isAdmin });
  });

  /** What the page's lint rules need: topics, units, forms (the same data the server lints with). */
  api.get('/lint-context', signedIn, (_req, res) => {
    const chart = authDeps.orgChart;
    res.json({ ...lintContextFor([], chart), units: chart.units.map((u) => ({ id: u.id, name: u.name })) });
  });

  api.post('/lint', signedIn, async (req, res) => {
    const { files } = parseBody(filesSchema, req.body);
    res.json({ problems: await lintFiles(files, lintContextFor(files, authDeps.orgChart)) });
  });

  api.get('/element-templates', signedIn, (req, res) => {
    if (req.query.download !== undefined) res.attachment(TEMPLATES_FILE_NAME);
    res.json(elementTemplates(TOPIC_MANIFEST));
  });

  api.get('/definitions', signedIn, async (_req, res) => {
    const models = await listDeployedModels(deps.engine);
    // Who deployed each version, from the audit trail (the engine only knows the service account).
    const deployers = await deployersOf(deps.db, models.processes.map((p) => p.deploymentId));
    res.json({
      ...models,
      processes: models.processes.map((p) => ({ ...p, deployedBy: deployers.get(p.deploymentId)?.actor ?? null, deployedAt: deployers.get(p.deploymentId)?.at ?? null })),
    });
  });
  api.get('/definitions/process/:id', signedIn, async (req, res) => {
    res.json(await fetchProcessXml(deps.engine, String(req.params.id)));
  });
  api.get('/definitions/process-key/:key/latest', signedIn, async (req, res) => {
    const latest = await fetchLatestProcessXml(deps.engine, String(req.params.key));
    if (!latest) throw new DomainError('NOT_FOUND', 404, `引擎中没有流程 ${String(req.params.key)}`);
    res.json(latest);
  });
  api.get('/definitions/decision/:id', signedIn, async (req, res) => {
    res.json(await fetchDecisionXml(deps.engine, String(req.params.id)));
  });
  api.get('/definitions/form/:deploymentId/:resourceId', signedIn, async (req, res) => {
    res.json(await fetchDeployedForm(deps.engine, String(req.params.deploymentId), String(req.params.resourceId)));
  });

  api.get('/files', signedIn, (_req, res) => {
    res.json(listRepositoryFiles());
  });
  api.get('/files/:dir/:name', signedIn, (req, res) => {
    res.json(readRepositoryFile(String(req.params.dir), String(req.params.name)));
  });

  api.post('/deploy', admin, async (req, res) => {
    const { files } = parseBody(filesSchema, req.body);
    const outcome = await deployFromModeler(deps.engine, files, authDeps.orgChart);
    if (!outcome.ok) {
      res.status(422).json({ error: 'LINT_FAILED', message: '模型未通过检查，不能部署', problems: outcome.problems });
      return;
    }
    if (outcome.deployment.created) {
      await recordAudit(deps.db, {
        actor: userOf(res),
        action: 'deployment',
        source: 'modeler',
        subject: outcome.deployment.id,
        detail: {
          name: MODELER_DEPLOYMENT_NAME,
          files: outcome.hashes,
          processes: outcome.deployment.processDefinitions.map((d) => `${d.key}:${d.version}`),
          decisions: outcome.deployment.decisionDefinitions.map((d) => `${d.key}:${d.version}`),
        },
      });
    }
    deps.logger.info('models deployed from the modeler', {
      user: userOf(res),
      deploymentId: outcome.deployment.id,
      created: outcome.deployment.created,
      processes: outcome.deployment.processDefinitions.map((d) => `${d.key}:${d.version}`),
    });
    res.status(outcome.deployment.created ? 201 : 200).json({
      ...outcome.deployment,
      files: outcome.files,
      addedFromRepository: outcome.addedFromRepository,
      warnings: outcome.warnings,
      message: outcome.deployment.created ? '已部署' : '没有变化：引擎保留了上一次部署',
    });
  });

  api.get('/drafts', admin, async (_req, res) => {
    res.json(await listDrafts(deps.db));
  });
  api.post('/drafts', admin, async (req, res) => {
    const body = parseBody(draftSchema, req.body);
    res.status(201).json(await saveDraft(deps.db, body, userOf(res)));
  });
  api.get('/drafts/:id', admin, async (req, res) => {
    const draft = await getDraft(deps.db, idParam(req));
    if (req.query.download !== undefined) {
      res.attachment(draft.fileName).type(draft.kind === 'form' ? 'application/json; charset=utf-8' : 'application/xml; charset=utf-8').send(draft.content);
      return;
    }
    res.json(draft);
  });
  api.put('/drafts/:id', admin, async (req, res) => {
    const body = parseBody(draftSchema, req.body);
    res.json(await saveDraft(deps.db, { ...body, id: idParam(req) }, userOf(res)));
  });
  api.delete('/drafts/:id', admin, async (req, res) => {
    await deleteDraft(deps.db, idParam(req));
    res.status(204).end();
  });

  router.use('/api/modeler', api);
  return router;
}
