import fs from 'node:fs';
import type { ChildProcess } from 'node:child_process';

export default async function globalTeardown(): Promise<void> {
  const engine = (globalThis as Record<string, unknown>).__ENGINE__ as { child: ChildProcess; dataDir: string } | undefined;
  if (!engine) return;
  const exited = new Promise((resolve) => engine.child.once('exit', resolve));
  engine.child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (engine.child.exitCode === null) engine.child.kill('SIGKILL');
  if (!process.env.KEEP_TEST_DATA) fs.rmSync(engine.dataDir, { recursive: true, force: true });
}
