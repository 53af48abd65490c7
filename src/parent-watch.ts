/**
 * A child of `npm start` stops when its parent is gone, even if the parent was killed outright
 * (SIGKILL, the OOM killer) and could not stop it: `npm start` also asks the kernel to send SIGTERM
 * when the parent dies (setpriv --pdeathsig); this watch is the fallback where that is unavailable.
 * Active only when `npm start` set LINKAGE_PARENT_PID.
 */
export function stopWhenParentDies(stop: () => void, env: NodeJS.ProcessEnv = process.env, intervalMs = 1_000): void {
  const parent = Number(env.LINKAGE_PARENT_PID);
  if (!Number.isInteger(parent) || parent <= 1) return;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      stop();
    }
  }, intervalMs);
  timer.unref();
}
