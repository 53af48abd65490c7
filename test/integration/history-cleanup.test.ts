import { adminEngine, waitFor } from './support/platform.js';

/**
 * History cleanup (issue 12 §5): the engine removes ended instances past their historyTimeToLive when
 * the cleanup runs. Configured for the 01:00–05:00 window (application.yaml); here it is started at once
 * (`immediatelyDue`) and its job executed, on whichever database the run uses (H2, or MariaDB in
 * `.ci/run`'s second pass). The app's own books (ledger, accountability records, events) are in the app
 * database and are untouched by it.
 */
const KEY = 'ops-history-cleanup-probe';
const bpmn = (ttl: number) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  id="Definitions_${KEY}" targetNamespace="http://linkage.gov/test">
  <bpmn:process id="${KEY}-${ttl}" name="历史清理探针" isExecutable="true" camunda:historyTimeToLive="${ttl}">
    <bpmn:startEvent id="StartEvent_Probe"><bpmn:outgoing>Flow_Probe</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="Flow_Probe" sourceRef="StartEvent_Probe" targetRef="EndEvent_Probe" />
    <bpmn:endEvent id="EndEvent_Probe"><bpmn:incoming>Flow_Probe</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

let deploymentId: string | undefined;
afterAll(async () => {
  if (deploymentId) await adminEngine().delete(`/deployment/${deploymentId}?cascade=true`);
});

test('the history cleanup removes ended instances past their time to live and keeps those within it', async () => {
  const engine = adminEngine();
  const deployment = await engine.deployments.create({
    name: KEY,
    source: 'test',
    files: [
      { name: `${KEY}-0.bpmn`, content: bpmn(0) },
      { name: `${KEY}-30.bpmn`, content: bpmn(30) },
    ],
  });
  deploymentId = deployment.id;
  const expired = await engine.processes.start(`${KEY}-0`, { businessKey: 'HC-EXPIRED', variables: {} });
  const kept = await engine.processes.start(`${KEY}-30`, { businessKey: 'HC-KEPT', variables: {} });
  expect((await engine.history.processInstance(expired.id))?.state).toBe('COMPLETED');
  expect((await engine.history.processInstance(kept.id))?.state).toBe('COMPLETED');

  const job = await engine.jobs.historyCleanup();
  expect(job?.id).toEqual(expect.any(String));
  // The job executor may already be running it; executing it ourselves as well is harmless.
  await engine.jobs.execute(job!.id).catch(() => undefined);
  await waitFor(async () => (await engine.history.processInstance(expired.id)) === undefined, 'the expired instance to be cleaned up', 60_000);
  expect((await engine.history.processInstance(kept.id))?.state).toBe('COMPLETED');
});
