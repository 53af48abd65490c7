import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Builds the web modeler (web-modeler/build.mjs → web-modeler/dist) when it has not been built. */
export function ensureModelerBundle(log: (line: string) => void = console.log): void {
  if (fs.existsSync(path.resolve('web-modeler/dist/index.html'))) return;
  log('Building the web modeler (web-modeler/dist)…');
  execFileSync(process.execPath, [path.resolve('web-modeler/build.mjs')], { stdio: 'inherit' });
}
