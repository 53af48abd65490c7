import { tsImport } from 'tsx/esm/api';

export default async function globalTeardown(...args) {
  const mod = await tsImport('./engine-lifecycle-teardown.ts', import.meta.url);
  return mod.default(...args);
}
