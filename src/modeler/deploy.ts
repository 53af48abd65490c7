import { fileHashes } from '../audit/audit.js';
import { deployModels, UnsafeModelError, type DeploymentResult, type ModelFile } from '../engine/deployment.js';
import { EngineError, type EngineClient } from '../engine/engine-client.js';
import { buildLintContext } from '../lint/context.js';
import { hasErrors, lintFiles } from '../lint/lint-files.js';
import type { OrgChart } from '../identity/org-chart.js';
import type { LintContext, LintProblem } from '../lint/types.js';
import { assertFileName, completeDeployment, MODEL_DIRS } from './model-files.js';

/**
 * The modeler's deploy use case: complete the files with the forms and decisions their BPMN
 * references, run the full lint (the same rules as the page), and deploy them as ONE deployment
 * with duplicate filtering through deployModels() (the platform's single deploy path, which runs
 * model-safety once more). Knows nothing of HTTP.
 */
export const MODELER_DEPLOYMENT_NAME = 'linkage-modeler';

export type DeployOutcome =
  | { ok: true; deployment: DeploymentResult; files: string[]; hashes: Array<{ name: string; sha256: string }>; addedFromRepository: string[]; warnings: LintProblem[] }
  | { ok: false; problems: LintProblem[] };

export function lintContextFor(files: ModelFile[], orgChart: OrgChart): LintContext {
  return buildLintContext({ orgChart, extraFiles: files });
}

export interface DeployOptions {
  /** Deployment name (duplicate filtering compares with the last deployment of this name). */
  name?: string;
  /** Deployment source shown in Cockpit, e.g. the consultation meeting's reference. */
  source?: string;
}

export async function deployFromModeler(engine: EngineClient, files: ModelFile[], orgChart: OrgChart, dirs = MODEL_DIRS, options: DeployOptions = {}): Promise<DeployOutcome> {
  for (const f of files) assertFileName(f.name);
  const { files: complete, added } = completeDeployment(files, dirs);
  const problems = await lintFiles(complete, lintContextFor(complete, orgChart));
  if (hasErrors(problems)) return { ok: false, problems };
  try {
    const deployment = await deployModels(engine, complete, options.name ?? MODELER_DEPLOYMENT_NAME, options.source);
    return { ok: true, deployment, files: complete.map((f) => f.name), hashes: fileHashes(complete), addedFromRepository: added, warnings: problems };
  } catch (err) {
    if (err instanceof UnsafeModelError) {
      return { ok: false, problems: err.problems.map((p) => ({ file: p.file, element: p.element, rule: `model-safety/${p.code}`, category: 'error', message: p.message })) };
    }
    // The engine's parser refused the model (400): show its message like a lint problem.
    if (err instanceof EngineError && err.httpStatus === 400) {
      return { ok: false, problems: [{ file: files[0]?.name ?? '', element: files[0]?.name ?? '', rule: 'engine', category: 'error', message: `引擎拒绝了部署：${err.message}` }] };
    }
    throw err;
  }
}
