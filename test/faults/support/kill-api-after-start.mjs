// Fault injection for the fault suite only (loaded into the platform's processes with NODE_OPTIONS
// by test/faults/platform-faults.test.ts; nothing in src/ knows of it). In the API process, a report
// whose title carries FAULT-KILL-API kills the API with SIGKILL right after the engine has started
// its process and before the API has stored the instance on the event row: the dual-write window.
if (process.argv[1]?.endsWith('src/main.ts')) {
  const original = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const response = await original(input, init);
    if (
      response.ok &&
      String(input).includes('/process-definition/key/event-handling/start') &&
      typeof init?.body === 'string' &&
      init.body.includes('FAULT-KILL-API')
    ) {
      process.kill(process.pid, 'SIGKILL');
    }
    return response;
  };
}
