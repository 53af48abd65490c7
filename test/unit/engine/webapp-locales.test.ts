import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Tasklist, Cockpit, Admin and Welcome are served in Chinese by the engine: engine/webapps/<app>/
// locales/zh.json and scripts/config.js replace the webjar's files (see engine/webapps/README.md).
// The English source of each app is vendored with its Operaton version in engine/webapps-en/; when
// Operaton is upgraded, the vendored copy must be replaced and every new key translated.
const APPS = ['tasklist', 'cockpit', 'admin', 'welcome'] as const;
const operatonVersion = /<operaton\.version>([^<]+)<\/operaton\.version>/.exec(fs.readFileSync('engine/pom.xml', 'utf8'))![1];
const englishDir = path.join('engine', 'webapps-en', `operaton-${operatonVersion}`);

type Locale = { dateLocales?: Record<string, unknown>; labels: Record<string, string> };
const read = (file: string): Locale => JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as Locale;
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('the Chinese locale of the Operaton webapps', () => {
  test(`the English source is vendored for the Operaton version the engine is built with (${operatonVersion})`, () => {
    for (const app of APPS) expect(fs.existsSync(path.join(englishDir, app, 'en.json'))).toBe(true);
  });

  describe.each(APPS)('%s', (app) => {
    const en = read(path.join(englishDir, app, 'en.json'));
    const zh = read(path.join('engine', 'webapps', app, 'locales', 'zh.json'));

    test('no key of the English locale is missing from the Chinese one', () => {
      const missing = Object.keys(en.labels).filter((key) => !(key in zh.labels));
      expect(missing).toEqual([]);
    });

    test('every text the English locale has is translated, keeping its {{placeholders}}', () => {
      const untranslated = Object.entries(en.labels).filter(([key, text]) => text.trim() !== '' && /[A-Za-z]{3,}/.test(text) && !/[\u4e00-\u9fff]/.test(zh.labels[key] ?? ''));
      // Product names, formats and codes stay as they are.
      const kept = untranslated.filter(([, text]) => !/^(Operaton|Optimize|CSV|JSON|null|YYYY-MM-DDTHH:mm:ss|requestPayload)$/.test(text.trim()));
      expect(kept.map(([key]) => key)).toEqual([]);
      for (const [key, text] of Object.entries(en.labels)) expect([key, placeholders(zh.labels[key] ?? '')]).toEqual([key, placeholders(text)]);
    });

    test('dates are written the Chinese way (年月日, 24-hour clock, weeks from Monday)', () => {
      if (!en.dateLocales) return expect(zh.dateLocales).toBeUndefined();
      expect(zh.dateLocales).toMatchObject({
        longDateFormat: { L: 'YYYY-MM-DD', LL: 'YYYY年M月D日', LLL: 'YYYY年M月D日 HH:mm', LT: 'HH:mm' },
        relativeTime: { past: '%s前', future: '%s后' },
        week: { dow: 1 },
      });
      expect(Object.keys(zh.dateLocales!).sort()).toEqual(expect.arrayContaining(Object.keys(en.dateLocales).sort()));
    });

    test('Chinese is the only offered locale and the fallback, whatever the browser asks for', () => {
      const config = fs.readFileSync(path.join('engine', 'webapps', app, 'scripts', 'config.js'), 'utf8');
      expect(config).toMatch(/availableLocales:\s*\['zh'\]/);
      expect(config).toMatch(/fallbackLocale:\s*'zh'/);
    });
  });

  // Guards the vendored copy against an Operaton upgrade that forgot to refresh it. Maven has the
  // webjar in its repository once the engine was built (.ci/run builds it before the tests).
  const webjar = path.join(os.homedir(), '.m2', 'repository', 'org', 'operaton', 'bpm', 'webapp', 'operaton-webapp-webjar', operatonVersion, `operaton-webapp-webjar-${operatonVersion}.jar`);
  (fs.existsSync(webjar) ? test : test.skip)('the vendored English locales are those of the webjar the engine is built with', () => {
    for (const app of APPS) {
      const inJar = execFileSync('unzip', ['-p', webjar, `META-INF/resources/webjars/operaton/app/${app}/locales/en.json`]).toString('utf8');
      expect(read(path.join(englishDir, app, 'en.json'))).toEqual(JSON.parse(inJar.replace(/^\uFEFF/, '')));
    }
  });
});
