import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { chineseDateTime } from '../formatting/chinese-dates.js';
import { NOTICE_TYPE_NAMES, isNoticeType, type NoticeType } from './types.js';

/**
 * Notice templates: one `templates/<type>.hbs` per notice type. The first line is
 * `subject: …`, the rest is the body. Every template is loaded and parsed at start: a missing,
 * unknown or broken template stops start-up instead of failing a notice at run time.
 *
 * Each template is compiled twice. The HTML rendering (e-mail `html` part) escapes every value
 * (`{{ }}`, the Handlebars default); the plain-text rendering (subject, e-mail text part, SMS)
 * does not, because `&lt;` in an SMS or a subject line is just noise and neither is ever
 * interpreted as HTML. Templates must not use `{{{ }}}`: the loader refuses it.
 */
export const DEFAULT_TEMPLATE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates');

export interface NoticeRecipientView {
  kind: 'reporter' | 'unit' | 'liaison';
  /** lead / cooperating unit of the event, the centre, another unit, a liaison, the reporter. */
  role: 'reporter' | 'lead' | 'cooperating' | 'centre' | 'unit' | 'liaison';
  /** How the notice addresses them: a unit's name, or "沈洋（区城管局联络员）". */
  name: string;
  unitName: string | null;
}

/** Everything a template may print. Display fallbacks are filled in by the caller. */
export interface NoticeContext {
  district: string;
  centreName: string;
  eventNumber: string;
  title: string;
  category: string | null;
  categoryName: string;
  address: string;
  leadUnit: string | null;
  leadUnitName: string | null;
  /** Names joined with "、"; empty string when there are none. */
  cooperatingUnitNames: string;
  dueAt: Date | null;
  handlingRound: number;
  returnReason: string | null;
  rejectReason: string | null;
  mergeInto: string | null;
  /** The unit the notice is about (noticeUnit, else the lead unit): who returned it, who is overdue. */
  unitName: string | null;
  recipient: NoticeRecipientView;
  isLead: boolean;
  isCooperating: boolean;
  isCentre: boolean;
  isLiaison: boolean;
  isReporter: boolean;
  now: Date;
}

export interface RenderedNotice {
  subject: string;
  text: string;
  html: string;
}

type Compiled = { subject: HandlebarsTemplateDelegate; text: HandlebarsTemplateDelegate; html: HandlebarsTemplateDelegate };

export interface NoticeTemplates {
  readonly types: readonly NoticeType[];
  has(type: string): type is NoticeType;
  render(type: NoticeType, context: NoticeContext): RenderedNotice;
}

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** `2026年11月3日 09:05` in Beijing time, whatever the server's time zone; `（未定）` when unknown. */
export function formatChineseDateTime(value: Date | string | number | null | undefined): string {
  return chineseDateTime(typeof value === 'number' ? new Date(value) : value) || '（未定）';
}

function createHandlebars(): typeof Handlebars {
  const hb = Handlebars.create();
  // Helpers receive Handlebars' options object last; ignore it.
  hb.registerHelper('date', (value: unknown) => formatChineseDateTime(value as Date | string | null));
  hb.registerHelper('gt', (a: unknown, b: unknown) => Number(a) > Number(b));
  return hb;
}

export function parseTemplateSource(source: string, file: string): { subject: string; body: string } {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const newline = text.indexOf('\n');
  const first = newline < 0 ? text : text.slice(0, newline);
  const match = /^subject:\s*(.+)$/.exec(first);
  if (!match) throw new TemplateError(`${file}: the first line must be "subject: …"`);
  const body = newline < 0 ? '' : text.slice(newline + 1).replace(/^\n+/, '').trimEnd();
  if (!body) throw new TemplateError(`${file}: the body is empty`);
  if (source.includes('{{{')) throw new TemplateError(`${file}: unescaped output ({{{ }}}) is not allowed`);
  return { subject: match[1].trim(), body };
}

const tidy = (s: string) => s.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();

export function loadNoticeTemplates(dir: string = DEFAULT_TEMPLATE_DIR): NoticeTemplates {
  const hb = createHandlebars();
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.hbs')) : [];
  const found = new Set(files.map((f) => f.slice(0, -'.hbs'.length)));
  const missing = NOTICE_TYPE_NAMES.filter((t) => !found.has(t));
  if (missing.length > 0) throw new TemplateError(`notice templates missing in ${dir}: ${missing.map((t) => `${t}.hbs`).join(', ')}`);
  const unknown = [...found].filter((t) => !isNoticeType(t));
  if (unknown.length > 0) throw new TemplateError(`unknown notice templates in ${dir} (add them to NOTICE_TYPES or remove them): ${unknown.join(', ')}`);

  const compiled = new Map<NoticeType, Compiled>();
  for (const type of NOTICE_TYPE_NAMES) {
    const file = path.join(dir, `${type}.hbs`);
    const { subject, body } = parseTemplateSource(fs.readFileSync(file, 'utf8'), file);
    try {
      // compile() is lazy: parse now so that a syntax error stops start-up.
      hb.parse(subject);
      hb.parse(body);
    } catch (err) {
      throw new TemplateError(`${file}: ${(err as Error).message}`);
    }
    compiled.set(type, {
      subject: hb.compile(subject, { noEscape: true }),
      text: hb.compile(body, { noEscape: true }),
      html: hb.compile(body),
    });
  }

  return {
    types: NOTICE_TYPE_NAMES,
    has: (type: string): type is NoticeType => compiled.has(type as NoticeType),
    render(type, context) {
      const t = compiled.get(type);
      if (!t) throw new TemplateError(`no template for notice type ${type}`);
      const html = tidy(t.html(context))
        .split('\n')
        .join('<br>\n');
      return {
        subject: t.subject(context).replace(/\s+/g, ' ').trim(),
        text: tidy(t.text(context)),
        html: `<div style="font-family:sans-serif;line-height:1.6">${html}</div>`,
      };
    },
  };
}
