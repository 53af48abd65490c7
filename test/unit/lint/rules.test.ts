import { splitCandidates } from '../../../src/lint/rules/candidate-groups.js';
import { validTimerValue } from '../../../src/lint/rules/valid-timers.js';
import { processXml, runRule } from './helpers.js';

// Each project rule with a model that passes and one that fails (issue 5: "Check").

describe('linkage/no-scripts: no script tasks or scripts anywhere', () => {
  const rule = 'linkage/no-scripts';
  test('a model without scripts passes (JUEL conditions are fine)', async () => {
    const xml = processXml(`
      <bpmn:exclusiveGateway id="Gateway_1" />
      <bpmn:endEvent id="End_1" />
      <bpmn:sequenceFlow id="Flow_1" sourceRef="Gateway_1" targetRef="End_1">
        <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${acceptDecision == 'accept'}</bpmn:conditionExpression>
      </bpmn:sequenceFlow>`);
    expect(await runRule(rule, xml)).toEqual([]);
  });
  test('a script task fails', async () => {
    const xml = processXml(`<bpmn:scriptTask id="ScriptTask_Evil" name="算一下" scriptFormat="javascript"><bpmn:script>1+1</bpmn:script></bpmn:scriptTask>`);
    expect(await runRule(rule, xml)).toEqual([{ id: 'ScriptTask_Evil', message: expect.stringContaining('不允许脚本任务') }]);
  });
  test('a script in a listener, in an input mapping and as a condition fails', async () => {
    const xml = processXml(`
      <bpmn:userTask id="UserTask_1" name="办理">
        <bpmn:extensionElements>
          <camunda:executionListener event="start"><camunda:script scriptFormat="groovy">x()</camunda:script></camunda:executionListener>
          <camunda:inputOutput><camunda:inputParameter name="a"><camunda:script scriptFormat="javascript">y()</camunda:script></camunda:inputParameter></camunda:inputOutput>
        </bpmn:extensionElements>
      </bpmn:userTask>
      <bpmn:endEvent id="End_1" />
      <bpmn:sequenceFlow id="Flow_1" sourceRef="UserTask_1" targetRef="End_1">
        <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="javascript">true</bpmn:conditionExpression>
      </bpmn:sequenceFlow>`);
    const found = await runRule(rule, xml);
    expect(found.map((f) => f.id)).toEqual(['UserTask_1', 'UserTask_1', 'Flow_1']);
    expect(found[0].message).toContain('监听器');
    expect(found[1].message).toContain('输入输出映射');
    expect(found[2].message).toContain('脚本条件');
  });
});

describe('linkage/no-java-delegates: no class, delegateExpression or expression', () => {
  const rule = 'linkage/no-java-delegates';
  test('an external task passes', async () => {
    expect(await runRule(rule, processXml(`<bpmn:serviceTask id="ServiceTask_1" camunda:type="external" camunda:topic="event-notify" />`))).toEqual([]);
  });
  test.each([
    ['camunda:class="com.example.Evil"', '不允许 Java 委托'],
    ['camunda:delegateExpression="${evil}"', '不允许 Java 委托'],
    ['camunda:expression="${bean.run()}"', '不允许以表达式作为实现'],
  ])('a service task with %s fails', async (attr, message) => {
    const found = await runRule(rule, processXml(`<bpmn:serviceTask id="ServiceTask_1" ${attr} />`));
    expect(found).toEqual([{ id: 'ServiceTask_1', message: expect.stringContaining(message) }]);
  });
  test('a listener with a Java class fails (model-safety misses unprefixed listener attributes)', async () => {
    const xml = processXml(`<bpmn:userTask id="UserTask_1"><bpmn:extensionElements>
      <camunda:taskListener event="create" class="com.example.Evil" /></bpmn:extensionElements></bpmn:userTask>`);
    expect(await runRule(rule, xml)).toEqual([{ id: 'UserTask_1', message: expect.stringContaining('监听器') }]);
  });
});

describe('linkage/registered-topic: every external topic has a registered worker', () => {
  const rule = 'linkage/registered-topic';
  const config = { topics: [{ topic: 'event-notify', label: '发送通知' }] };
  test('a registered topic and an expression pass', async () => {
    const xml = processXml(`<bpmn:serviceTask id="A" camunda:type="external" camunda:topic="event-notify" />
      <bpmn:sendTask id="B" camunda:type="external" camunda:topic="\${topicName}" />`);
    expect(await runRule(rule, xml, config)).toEqual([]);
  });
  test('an unknown topic, a missing topic and a service task without implementation fail', async () => {
    const xml = processXml(`<bpmn:serviceTask id="A" camunda:type="external" camunda:topic="event-notfy" />
      <bpmn:serviceTask id="B" camunda:type="external" />
      <bpmn:serviceTask id="C" name="计算" />`);
    const found = await runRule(rule, xml, config);
    expect(found.map((f) => f.id)).toEqual(['A', 'B', 'C']);
    expect(found[0].message).toContain('"event-notfy" 没有已注册的工作程序');
    expect(found[0].message).toContain('发送通知（event-notify）');
  });
});

describe('linkage/candidate-groups: every candidate group is in the org chart', () => {
  const rule = 'linkage/candidate-groups';
  const config = { groups: ['linkage-centre', 'urban-management'] };
  test('known groups and expressions pass', async () => {
    const xml = processXml(`<bpmn:userTask id="A" camunda:candidateGroups="linkage-centre, urban-management" />
      <bpmn:userTask id="B" camunda:candidateGroups="\${leadUnit}" />
      <bpmn:userTask id="C" camunda:candidateGroups="linkage-centre,\${acceptGroups}" />`);
    expect(await runRule(rule, xml, config)).toEqual([]);
  });
  test('an unknown group and a task without candidates fail', async () => {
    const xml = processXml(`<bpmn:userTask id="A" name="受理" camunda:candidateGroups="linkage-center" /><bpmn:userTask id="B" />`);
    const found = await runRule(rule, xml, config);
    expect(found).toEqual([
      { id: 'A', message: '「受理」：候选单位 "linkage-center" 不在组织架构（config/org-chart.yaml）中' },
      { id: 'B', message: expect.stringContaining('没有候选单位') },
    ]);
  });
  test('commas inside an expression do not split it', () => {
    expect(splitCandidates("a, ${x ? 'b' : 'c,d'}, e")).toEqual(['a', "${x ? 'b' : 'c,d'}", 'e']);
  });
});

describe('linkage/user-task-form: every user task has a form that exists', () => {
  const rule = 'linkage/user-task-form';
  const config = { forms: ['accept-event'] };
  test('an existing form bound per deployment passes', async () => {
    const xml = processXml(`<bpmn:userTask id="A" camunda:formRef="accept-event" camunda:formRefBinding="deployment" />`);
    expect(await runRule(rule, xml, config)).toEqual([]);
  });
  test('no form, a missing form, a latest binding and a formKey fail', async () => {
    const xml = processXml(`<bpmn:userTask id="A" /><bpmn:userTask id="B" camunda:formRef="no-such-form" camunda:formRefBinding="deployment" />
      <bpmn:userTask id="C" camunda:formRef="accept-event" /><bpmn:userTask id="D" camunda:formKey="camunda-forms:deployment:x.form" />`);
    const found = await runRule(rule, xml, config);
    expect(found.map((f) => f.id)).toEqual(['A', 'B', 'C', 'D']);
    expect(found[1].message).toContain('表单 "no-such-form" 不存在');
    expect(found[2].message).toContain('必须为 deployment');
  });
});

describe('linkage/history-time-to-live: set on every executable process', () => {
  const rule = 'linkage/history-time-to-live';
  test('P1825D and a number of days pass', async () => {
    expect(await runRule(rule, processXml('', 'camunda:historyTimeToLive="P1825D"'))).toEqual([]);
    expect(await runRule(rule, processXml('', 'camunda:historyTimeToLive="180"'))).toEqual([]);
  });
  test('missing or malformed fails', async () => {
    expect(await runRule(rule, processXml('', ''))).toEqual([{ id: 'test-process', message: expect.stringContaining('没有设置历史保留期') }]);
    expect(await runRule(rule, processXml('', 'camunda:historyTimeToLive="5 years"'))).toEqual([{ id: 'test-process', message: expect.stringContaining('无效') }]);
  });
});

describe('linkage/valid-timers: timer definitions the engine can schedule', () => {
  const rule = 'linkage/valid-timers';
  const timer = (id: string, inner: string) =>
    `<bpmn:intermediateCatchEvent id="${id}"><bpmn:timerEventDefinition id="${id}_def">${inner}</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`;
  test('durations, dates, cycles, cron and expressions pass', async () => {
    const xml = processXml(
      [
        timer('T1', '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P3D</bpmn:timeDuration>'),
        timer('T2', '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">2026-12-01T09:00:00+08:00</bpmn:timeDate>'),
        timer('T3', '<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R3/PT1H</bpmn:timeCycle>'),
        timer('T4', '<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">0 0 9 ? * MON-FRI</bpmn:timeCycle>'),
        timer('T5', '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">${dueAt}</bpmn:timeDate>'),
      ].join('\n'),
    );
    expect(await runRule(rule, xml)).toEqual([]);
  });
  test('an empty timer, a bad duration and a bad date fail', async () => {
    const xml = processXml(
      [
        timer('T1', ''),
        timer('T2', '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">3 days</bpmn:timeDuration>'),
        timer('T3', '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">2026-13-45</bpmn:timeDate>'),
      ].join('\n'),
    );
    const found = await runRule(rule, xml);
    expect(found.map((f) => f.id)).toEqual(['T1', 'T2', 'T3']);
    expect(found[1].message).toContain('"3 days" 无效');
  });
  test('the value checks', () => {
    expect(validTimerValue('timeDuration', 'PT4H')).toBe(true);
    expect(validTimerValue('timeDuration', 'P')).toBe(false);
    expect(validTimerValue('timeCycle', '0 0 9 * * ? 2027')).toBe(true);
    expect(validTimerValue('timeCycle', 'every day')).toBe(false);
    expect(validTimerValue('timeDate', '2026-02-30T09:00:00')).toBe(false);
  });
});
