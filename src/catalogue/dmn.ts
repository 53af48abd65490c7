import { type Catalogue } from './categories.js';

/**
 * Generates the routing and grading decision tables from the catalogue, so that the
 * responsibility list has one source. The output is deterministic (committed, and checked by a test).
 */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const str = (s: string) => esc(JSON.stringify(s));

interface Column {
  id: string;
  label: string;
  name: string;
  typeRef: string;
}

function table(id: string, name: string, hitPolicy: string, inputs: Column[], outputs: Column[], rows: string[][], annotations: string[]): string {
  const inputXml = inputs
    .map((c) => `      <input id="Input_${c.id}" label="${c.label}">\n        <inputExpression id="InputExpression_${c.id}" typeRef="${c.typeRef}">\n          <text>${c.name}</text>\n        </inputExpression>\n      </input>`)
    .join('\n');
  const outputXml = outputs.map((c) => `      <output id="Output_${c.id}" label="${c.label}" name="${c.name}" typeRef="${c.typeRef}" />`).join('\n');
  const ruleXml = rows
    .map((cells, r) => {
      const entries = cells
        .map((cell, i) => {
          const tag = i < inputs.length ? 'inputEntry' : 'outputEntry';
          return `        <${tag} id="Rule_${r + 1}_${i + 1}">\n          <text>${cell}</text>\n        </${tag}>`;
        })
        .join('\n');
      return `      <rule id="Rule_${r + 1}">\n        <description>${esc(annotations[r])}</description>\n${entries}\n      </rule>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated from config/categories.yaml by \`npm run generate:dmn\`. Edit the catalogue, not this file. -->
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:dmndi="https://www.omg.org/spec/DMN/20191111/DMNDI/" xmlns:dc="http://www.omg.org/spec/DMN/20180521/DC/" xmlns:camunda="http://camunda.org/schema/1.0/dmn" id="Definitions_${id}" name="${name}" namespace="http://linkage.gov/dmn">
  <decision id="${id}" name="${name}" camunda:historyTimeToLive="P1825D">
    <decisionTable id="DecisionTable_${id}" hitPolicy="${hitPolicy}">
${inputXml}
${outputXml}
${ruleXml}
    </decisionTable>
  </decision>
  <dmndi:DMNDI>
    <dmndi:DMNDiagram id="DMNDiagram_${id}">
      <dmndi:DMNShape id="DMNShape_${id}" dmnElementRef="${id}">
        <dc:Bounds height="80" width="180" x="160" y="100" />
      </dmndi:DMNShape>
    </dmndi:DMNDiagram>
  </dmndi:DMNDI>
</definitions>
`;
}

/**
 * A settled answer of the responsibility consultation (SPEC S3): for this category (and street, when
 * given) the decided units handle the event. Placed before the catalogue's rules (hit policy FIRST),
 * newest first, with the principle, legal basis or meeting and date in the rule's annotation.
 */
export interface RoutingDecision {
  category: string;
  street: string | null;
  leadUnit: string;
  cooperatingUnits: string[];
  annotation: string;
}

export function routingDmn(catalogue: Catalogue, decisions: readonly RoutingDecision[] = []): string {
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const d of decisions) {
    const c = catalogue.categories.find((x) => x.code === d.category);
    if (!c) continue;
    rows.push([str(d.category), d.street ? str(d.street) : '', str(c.platform), str(d.leadUnit), str(d.cooperatingUnits.join(',')), String(c.timeLimitDays), str(c.districtUnit)]);
    notes.push(d.annotation);
  }
  for (const c of catalogue.categories) {
    const out = (lead: string, coop: string[]) => [str(c.platform), str(lead), str(coop.join(',')), String(c.timeLimitDays), str(c.districtUnit)];
    for (const s of catalogue.streets) {
      rows.push([str(c.code), str(s.name), ...out(c.leadUnit, c.cooperatingUnits)]);
      notes.push(`${c.name} · ${s.name}：由街道平台/派驻机构处置`);
    }
    rows.push([str(c.code), '', ...out(c.districtUnit, [])]);
    notes.push(`${c.name} · 其他街道：由区级部门处置`);
  }
  return table(
    'responsibility-routing',
    '事部件责任清单（派单规则）',
    'FIRST',
    [
      { id: 'Category', label: '事件类别', name: 'category', typeRef: 'string' },
      { id: 'Street', label: '街道', name: 'street', typeRef: 'string' },
    ],
    [
      { id: 'Platform', label: '平台', name: 'platform', typeRef: 'string' },
      { id: 'LeadUnit', label: '责任主体', name: 'leadUnit', typeRef: 'string' },
      { id: 'CooperatingUnits', label: '配合单位', name: 'cooperatingUnits', typeRef: 'string' },
      { id: 'TimeLimitDays', label: '办理时限（工作日）', name: 'timeLimitDays', typeRef: 'integer' },
      { id: 'DistrictUnit', label: '区级职能部门', name: 'districtUnit', typeRef: 'string' },
    ],
    rows,
    notes,
  );
}

export function gradingDmn(catalogue: Catalogue): string {
  const rows = catalogue.categories.map((c) => [str(c.code), str(c.grade)]);
  rows.push(['', str('general')]);
  const notes = [...catalogue.categories.map((c) => c.name), '其他：一般事件'];
  return table(
    'event-grading',
    '事件分级建议',
    'FIRST',
    [{ id: 'Category', label: '事件类别', name: 'category', typeRef: 'string' }],
    [{ id: 'Grade', label: '建议分级', name: 'suggestedGrade', typeRef: 'string' }],
    rows,
    notes,
  );
}
