// Jest loads global setup outside its module mapper, so the TypeScript implementation is loaded with tsx.
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup(...args) {
  const mod = await tsImport('./engine-lifecycle-setup.ts', import.meta.url);
  return mod.default(...args);
}
