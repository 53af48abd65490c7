// Builds the web modeler into web-modeler/dist (git-ignored): one JS bundle, one CSS bundle, the
// page. `npm run build:modeler`; `npm start` and the browser test run it when dist is missing.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');

export async function buildModeler({ minify = true } = {}) {
  fs.rmSync(dist, { recursive: true, force: true });
  fs.mkdirSync(dist, { recursive: true });
  await build({
    entryPoints: { app: path.join(here, 'src/index.js') },
    outdir: dist,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome110', 'firefox110', 'safari16'],
    minify,
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
    loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'dataurl', '.png': 'dataurl' },
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  fs.copyFileSync(path.join(here, 'src/index.html'), path.join(dist, 'index.html'));
  return dist;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  await buildModeler({ minify: !process.argv.includes('--dev') });
  console.log(`web modeler built into ${path.relative(process.cwd(), dist)} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}
