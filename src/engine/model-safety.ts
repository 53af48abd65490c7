import { SaxesParser } from 'saxes';

/**
 * Refuses models that would run code on the engine: anyone allowed to deploy could otherwise
 * execute arbitrary scripts or Java classes on the server. Checked before every deployment
 * (start-up, API, modeler). JUEL expressions in conditions stay allowed: routing needs them.
 */
export interface ModelProblem {
  file: string;
  code: 'SCRIPT_TASK' | 'SCRIPT' | 'SCRIPT_CONDITION' | 'JAVA_DELEGATE' | 'EXPRESSION_DELEGATE' | 'SCRIPT_EXPRESSION_LANGUAGE' | 'MALFORMED_XML';
  element: string;
  message: string;
}

const VENDOR_NAMESPACE = /(camunda\.org|operaton\.org)\/schema/;
const ALLOWED_EXPRESSION_LANGUAGES = new Set(['feel', 'juel', 'feel-juel', 'feel-scala']);

export function checkModelSafety(file: string, xml: string): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const parser = new SaxesParser({ xmlns: true, position: true });
  const add = (code: ModelProblem['code'], element: string, message: string) =>
    problems.push({ file, code, element, message });

  parser.on('opentag', (tag) => {
    const id = typeof tag.attributes.id === 'object' ? tag.attributes.id.value : '';
    const where = `${tag.local}${id ? `#${id}` : ''} (第 ${parser.line} 行)`;
    if (tag.local === 'scriptTask') add('SCRIPT_TASK', where, '不允许脚本任务：脚本会在引擎服务器上执行任意代码');
    else if (tag.local === 'script') add('SCRIPT', where, '不允许脚本（监听器、输入输出映射或条件中的脚本）');
    for (const attr of Object.values(tag.attributes)) {
      if (typeof attr !== 'object') continue;
      if (attr.local === 'language' && tag.local.endsWith('Expression')) {
        add('SCRIPT_CONDITION', where, `不允许脚本条件（language="${attr.value}"），请使用 \${...} 表达式`);
      }
      if (attr.local === 'expressionLanguage' && !isAllowedExpressionLanguage(attr.value)) {
        add('SCRIPT_EXPRESSION_LANGUAGE', where, `不允许的表达式语言 "${attr.value}"，只能使用 FEEL 或 JUEL`);
      }
      // camunda:class on a BPMN element, or a plain `class` on a camunda element
      // (<camunda:taskListener class="…">, <camunda:executionListener delegateExpression="…">).
      const vendorAttribute = VENDOR_NAMESPACE.test(attr.uri) || (attr.uri === '' && VENDOR_NAMESPACE.test(tag.uri));
      if (!vendorAttribute) continue;
      const name = attr.prefix ? `${attr.prefix}:${attr.local}` : `${tag.prefix}:${tag.local} ${attr.local}`;
      if (attr.local === 'class' || attr.local === 'delegateExpression') {
        add('JAVA_DELEGATE', where, `不允许 Java 委托（${name}），请使用外部任务（external）`);
      } else if (attr.local === 'expression') {
        add('EXPRESSION_DELEGATE', where, `不允许以表达式作为实现（${name}），请使用外部任务（external）`);
      }
    }
  });
  parser.on('error', (err) => {
    add('MALFORMED_XML', file, `XML 格式错误：${err.message}`);
  });
  try {
    parser.write(xml).close();
  } catch (err) {
    if (!problems.some((p) => p.code === 'MALFORMED_XML')) add('MALFORMED_XML', file, `XML 格式错误：${(err as Error).message}`);
  }
  return problems;
}

function isAllowedExpressionLanguage(value: string): boolean {
  const v = value.toLowerCase();
  return ALLOWED_EXPRESSION_LANGUAGES.has(v) || /omg\.org\/spec\/dmn\/\d+\/feel|omg\.org\/spec\/feel/.test(v);
}
