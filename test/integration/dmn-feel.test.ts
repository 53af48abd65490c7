import { adminEngine, testContext } from './support/platform.js';
import { deployModels } from '../../src/engine/deployment.js';

/**
 * The engine answers DMN cells that are a plain string literal or a plain name itself and hands
 * every other cell to feel-scala (engine/…/LiteralFeel.java, issue 9). The answers must be the
 * ones feel-scala gives: the shipped tables for every category and street, and a table of cells
 * the shortcut must not touch.
 */
const engine = adminEngine();
type Row = Record<string, { value: unknown }>;

async function evaluate(key: string, variables: Record<string, { value: unknown; type: string }>): Promise<Array<Record<string, unknown>>> {
  const rows = await engine.post<Row[]>(`/decision-definition/key/${key}/evaluate`, { variables });
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v.value])));
}
const text = (value: string | null) => ({ value, type: 'String' });

describe('S4-4.2 the generated tables answer as the catalogue says', () => {
  const { catalogue } = testContext();

  test('S4-4.2 responsibility-routing: every category, in each street and in a street not listed', async () => {
    for (const c of catalogue.categories) {
      for (const s of catalogue.streets) {
        expect(await evaluate('responsibility-routing', { category: text(c.code), street: text(s.name) })).toEqual([
          { platform: c.platform, leadUnit: c.leadUnit, cooperatingUnits: c.cooperatingUnits.join(','), timeLimitDays: c.timeLimitDays, districtUnit: c.districtUnit },
        ]);
      }
      expect(await evaluate('responsibility-routing', { category: text(c.code), street: text('不在清单的街道') })).toEqual([
        { platform: c.platform, leadUnit: c.districtUnit, cooperatingUnits: '', timeLimitDays: c.timeLimitDays, districtUnit: c.districtUnit },
      ]);
    }
    expect(await evaluate('responsibility-routing', { category: text('no-such-category'), street: text(catalogue.streets[0].name) })).toEqual([]);
  });

  test('S4-4.2 event-grading: every category\'s grade; an unknown or missing category is general', async () => {
    for (const c of catalogue.categories) {
      expect(await evaluate('event-grading', { category: text(c.code) })).toEqual([{ suggestedGrade: c.grade }]);
    }
    expect(await evaluate('event-grading', { category: text('no-such-category') })).toEqual([{ suggestedGrade: 'general' }]);
    expect(await evaluate('event-grading', { category: text(null) })).toEqual([{ suggestedGrade: 'general' }]);
  });
});

const CELLS_DMN = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:camunda="http://camunda.org/schema/1.0/dmn" id="Definitions_feel-cells" name="feel cells" namespace="test">
  <decision id="feel-cells" name="feel cells" camunda:historyTimeToLive="P1D">
    <decisionTable id="t" hitPolicy="COLLECT">
      <input id="i1" label="word"><inputExpression id="e1" typeRef="string"><text>word</text></inputExpression></input>
      <input id="i2" label="count"><inputExpression id="e2" typeRef="integer"><text>count</text></inputExpression></input>
      <output id="o" name="rule" typeRef="string" />
      <rule id="r1"><inputEntry id="r1a"><text>"a","b"</text></inputEntry><inputEntry id="r1b"><text></text></inputEntry><outputEntry id="r1o"><text>"list"</text></outputEntry></rule>
      <rule id="r2"><inputEntry id="r2a"><text>not("x")</text></inputEntry><inputEntry id="r2b"><text></text></inputEntry><outputEntry id="r2o"><text>"not " + word</text></outputEntry></rule>
      <rule id="r3"><inputEntry id="r3a"><text></text></inputEntry><inputEntry id="r3b"><text>[1..5]</text></inputEntry><outputEntry id="r3o"><text>"range"</text></outputEntry></rule>
      <rule id="r4"><inputEntry id="r4a"><text>"say \\"hi\\""</text></inputEntry><inputEntry id="r4b"><text></text></inputEntry><outputEntry id="r4o"><text>"escaped"</text></outputEntry></rule>
      <rule id="r5"><inputEntry id="r5a"><text>"x"</text></inputEntry><inputEntry id="r5b"><text></text></inputEntry><outputEntry id="r5o"><text>word</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>`;

describe('cells that are not a plain literal are still FEEL', () => {
  beforeAll(async () => {
    await deployModels(engine, [{ name: 'feel-cells.dmn', content: CELLS_DMN }], 'feel-cells-test');
  });
  const rules = async (word: string | null, count: number | null) =>
    (await evaluate('feel-cells', { word: text(word), count: { value: count, type: 'Integer' } })).map((r) => r.rule);

  test('lists, negation, ranges, escapes, names and concatenation', async () => {
    expect(await rules('a', 9)).toEqual(['list', 'not a']);
    expect(await rules('x', 3)).toEqual(['range', 'x']);
    expect(await rules('say "hi"', null)).toEqual(['not say "hi"', 'escaped']);
    expect(await rules('c', 0)).toEqual(['not c']);
  });
});
