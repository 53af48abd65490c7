import fs from 'node:fs';
import path from 'node:path';
import { topics } from '../../workers/index.js';
import { elementTemplates } from './element-templates.js';

/**
 * `npm run export:element-templates [file]`: writes the worker element templates as one JSON file
 * for the desktop Camunda Modeler (copy it into its `resources/element-templates/` folder). The
 * modeler page offers the same file under "下载元素模板".
 */
const out = path.resolve(process.argv[2] ?? 'linkage-element-templates.json');
fs.writeFileSync(out, `${JSON.stringify(elementTemplates(topics), null, 2)}\n`);
console.log(`${topics.length} element templates written to ${out}`);
