import fs from 'node:fs';
import path from 'node:path';
import type { ModelFile } from '../engine/deployment.js';
import type { OrgChart } from '../identity/org-chart.js';
import { TOPIC_MANIFEST, topicLabels, type TopicManifestEntry } from '../topics/manifest.js';
import type { LintContext } from './types.js';

/**
 * The lint context from the platform's own sources: topics from the topic manifest, groups from
 * the org chart, forms from forms/ plus the forms deployed alongside (`extraFiles`).
 */
export const FORMS_DIR = path.resolve('forms');

export function formIdsIn(files: ModelFile[]): string[] {
  const ids: string[] = [];
  for (const f of files) {
    if (!f.name.endsWith('.form')) continue;
    try {
      const id = (JSON.parse(f.content) as { id?: unknown }).id;
      if (typeof id === 'string' && id) ids.push(id);
    } catch {
      // reported by lintForm
    }
  }
  return ids;
}

export function readFormFiles(dir = FORMS_DIR): ModelFile[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.form'))
    .sort()
    .map((f) => ({ name: f, content: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

export function buildLintContext(options: { orgChart: OrgChart; topics?: readonly TopicManifestEntry[]; formFiles?: ModelFile[]; extraFiles?: ModelFile[] }): LintContext {
  const chart = options.orgChart;
  const forms = new Set([...formIdsIn(options.formFiles ?? readFormFiles()), ...formIdsIn(options.extraFiles ?? [])]);
  return {
    topics: topicLabels(options.topics ?? TOPIC_MANIFEST),
    groups: chart.units.map((u) => u.id),
    forms: [...forms].sort(),
  };
}
