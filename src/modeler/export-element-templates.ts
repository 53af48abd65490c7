import fs from 'node:fs';
import path from 'node:path';
import { TOPIC_MANIFEST } from '../topics/manifest.js';
import { elementTemplates } from './element-templates.js';

/**
 * `npm run export:element-templates [file]`: writes the worker element templates as one JSON file
 * for the desktop Camunda Modeler (copy it into its `resources/element-templates/` folder). The
 * modeler page offers the same file under "下载元素模板".
 */
const out = path.resolve(process.argv[2] ?? 'linkage-element-templates.json');
fs.writeFileSync(out, `${JSON.stringify(elementTemplates(TOPIC_MANIFEST), null, 2)}\n`);
console.log(`${TOPIC_MANIFEST.length} element templates written to ${out}`);
