/**
 * Unit Markdown → sanitized HTML, as described in docs/course-format.md ("Units"): CommonMark, GitHub
 * tables, footnotes, callouts (`::: note|warning|reflection|key-idea`), `glossary:`, `unit:` and
 * `module:` links, `media/` images, and fenced `video` and `case` blocks.
 *
 * Parsing is done by markdown-it and its footnote and container plugins; this file only adds the
 * Praxis rules (link and image resolution, callouts, video, case embeds) and an explicit sanitizer
 * allow-list. Raw HTML written by authors is dropped, and the output never carries a `style`
 * attribute (the Content-Security-Policy forbids inline styles).
 */
import type { Env, MarkdownIt as Markdown, StateCore, StateInline, Token } from 'markdown-it';
import MarkdownIt from 'markdown-it';
import container from 'markdown-it-container';
import footnote from 'markdown-it-footnote';
import sanitizeHtml from 'sanitize-html';
import { parse as parseYaml } from 'yaml';

export interface RenderLabels {
  note: string;
  warning: string;
  reflection: string;
  keyIdea: string;
  transcript: string;
  captions: string;
  footnotes: string;
  caseUnpublished: string;
  practiceCase: string;
  /** Accessible name of a footnote's link back to its reference, e.g. "Back to reference"; the number is appended. */
  backToReference?: string;
}

export interface RenderContext {
  /** Page language, for lang attributes and labels. */
  locale: string;
  /** Glossary of the course in the page's locale, by id. */
  glossary: Map<string, { term: string; definition: string }>;
  /** Href of a unit, or null when unknown. */
  unitHref(unitId: string): string | null;
  /** Href of a module, or null when unknown. */
  moduleHref(moduleId: string): string | null;
  /** Href of a `media/...` path, or null when the package has no such file. */
  mediaHref(path: string): string | null;
  /** Embedded practice case by id; null when the case is not (yet) published. */
  caseEmbed(caseId: string): { title: string; summary: string; href: string } | null;
  /** Localized labels passed in by the caller. */
  labels: RenderLabels;
  /** Origin of the site (e.g. `https://praxis.example`): links to it do not get `rel="noopener"`. */
  siteOrigin?: string;
  /** Prefix for the ids this renderer makes (footnotes), when one page shows several bodies. */
  idPrefix?: string;
}

type CalloutKind = 'note' | 'warning' | 'reflection' | 'key-idea';
const CALLOUT_LABEL: Record<CalloutKind, 'note' | 'warning' | 'reflection' | 'keyIdea'> = {
  note: 'note',
  warning: 'warning',
  reflection: 'reflection',
  'key-idea': 'keyIdea',
};
const VIDEO_FILE = /\.(?:mp4|m4v|webm|ogv|ogg|mov)$/i;
const LOCALE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;
const ID_PREFIX = /^[A-Za-z][\w-]*$/;
const ALIGN_CLASS: Record<string, string> = {
  'text-align:left': 'align-start',
  'text-align:center': 'align-center',
  'text-align:right': 'align-end',
};

interface RenderEnv extends Env {
  praxis?: RenderContext;
}

const ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITY[c]!);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function contextOf(env: Env | undefined): RenderContext {
  const ctx = (env as RenderEnv | undefined)?.praxis;
  if (!ctx) throw new Error('renderMarkdown: no render context');
  return ctx;
}

function idPrefix(ctx: RenderContext): string {
  return ctx.idPrefix && ID_PREFIX.test(ctx.idPrefix) ? `${ctx.idPrefix}-` : '';
}

function calloutKind(params: string): CalloutKind | null {
  const name = params.trim();
  return Object.hasOwn(CALLOUT_LABEL, name) ? (name as CalloutKind) : null;
}

// ---------------------------------------------------------------------------------------------------
// Link and media resolution

interface ResolvedLink {
  href: string;
  className?: string;
  rel?: string;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `media/x.png` or `./media/x.png` → `media/x.png`; anything else → null. */
function mediaPath(target: string): string | null {
  const path = target.startsWith('./') ? target.slice(2) : target;
  return path.startsWith('media/') && !path.split('/').includes('..') ? safeDecode(path) : null;
}

function httpsUrl(target: string): URL | null {
  try {
    const url = new URL(target);
    return url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

function resolveLink(target: string, ctx: RenderContext): ResolvedLink | null {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(target)?.[1]?.toLowerCase();
  const rest = scheme ? safeDecode(target.slice(scheme.length + 1)) : '';
  switch (scheme) {
    case 'glossary':
      return ctx.glossary.has(rest)
        ? { href: `#glossary-${encodeURIComponent(rest)}`, className: 'glossary-term' }
        : null;
    case 'unit': {
      const href = ctx.unitHref(rest);
      return href === null ? null : { href };
    }
    case 'module': {
      const href = ctx.moduleHref(rest);
      return href === null ? null : { href };
    }
    case 'mailto':
      return { href: target };
    case 'http':
    case 'https': {
      let url: URL;
      try {
        url = new URL(target);
      } catch {
        return null;
      }
      const sameSite = ctx.siteOrigin !== undefined && url.origin === safeOrigin(ctx.siteOrigin);
      return sameSite ? { href: target } : { href: target, rel: 'noopener' };
    }
    case undefined: {
      const path = mediaPath(target);
      const href = path === null ? null : ctx.mediaHref(path);
      return href === null ? null : { href };
    }
    default:
      return null;
  }
}

function safeOrigin(origin: string): string | null {
  try {
    return new URL(origin).origin;
  } catch {
    return null;
  }
}

/** Images and video: `media/...` through the context, or `https:` as is; anything else → null. */
function resolveMedia(target: string, ctx: RenderContext): string | null {
  const path = mediaPath(target);
  if (path !== null) return ctx.mediaHref(path);
  return httpsUrl(target) ? target : null;
}

// ---------------------------------------------------------------------------------------------------
// The parser

/** Plain text of inline tokens (image alt text). */
function plainText(tokens: Token[]): string {
  let text = '';
  for (const token of tokens) {
    if (token.type === 'text' || token.type === 'text_special' || token.type === 'code_inline') {
      text += token.content;
    } else if (token.type === 'softbreak' || token.type === 'hardbreak') {
      text += ' ';
    } else if (token.type === 'image') {
      text += plainText(token.children ?? []);
    }
  }
  return text;
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/**
 * Wraps the inline rules that create links, images and inline footnotes so that the token they make
 * records on which line of its inline source it starts (`meta.lineOffset`).
 */
function trackLines(md: Markdown): void {
  const creates: Record<string, string> = {
    link: 'link_open',
    image: 'image',
    autolink: 'link_open',
    footnote_inline: 'footnote_ref',
  };
  for (const [name, type] of Object.entries(creates)) {
    const rule = md.inline.ruler.__rules__.find((r) => r.name === name);
    if (!rule) throw new Error(`markdown-it has no inline rule ${name}`);
    const original = rule.fn;
    md.inline.ruler.at(name, (state: StateInline, silent: boolean) => {
      const start = state.pos;
      const first = state.tokens.length;
      const matched = original(state, silent);
      // Pending text is flushed as a token of its own first, so look for the token this rule makes.
      const token = matched && !silent ? state.tokens.slice(first).find((t) => t.type === type) : undefined;
      if (token) token.meta = { ...(token.meta ?? {}), lineOffset: countNewlines(state.src, start) };
      return matched;
    });
  }
}

/** Link and image resolution, heading levels, table alignment classes, figures. */
function praxisCore(state: StateCore): void {
  const ctx = (state.env as RenderEnv).praxis;
  const tokens = state.tokens;
  for (const token of tokens) {
    if ((token.type === 'heading_open' || token.type === 'heading_close') && token.tag === 'h1') {
      token.tag = 'h2';
    } else if (token.type === 'th_open' || token.type === 'td_open') {
      const align = token.attrGet('style');
      token.attrs = null;
      const className = align === null ? undefined : ALIGN_CLASS[String(align)];
      if (className) token.attrSet('class', className);
    } else if (token.type === 'inline' && token.children && ctx) {
      resolveInline(token.children, ctx);
    }
  }
  if (!ctx) return;
  for (let i = 0; i + 2 < tokens.length; i++) {
    const [open, inline, close] = [tokens[i]!, tokens[i + 1]!, tokens[i + 2]!];
    if (open.type !== 'paragraph_open' || inline.type !== 'inline' || close.type !== 'paragraph_close')
      continue;
    const visible = (inline.children ?? []).filter(
      (t) =>
        !(t.type === 'text' && t.content.trim() === '') &&
        t.type !== 'softbreak' &&
        t.type !== 'hardbreak' &&
        t.type !== 'html_inline' &&
        !(t.type === 'image' && t.meta?.drop),
    );
    const only = visible.length === 1 ? visible[0] : undefined;
    if (visible.length === 0 || (only?.type === 'image' && only.attrGet('title'))) {
      // Nothing left (images dropped, raw HTML), or one captioned image: a <figure> replaces the <p>.
      open.hidden = true;
      close.hidden = true;
      if (only) only.meta = { ...(only.meta ?? {}), figure: true };
      else inline.children = [];
    }
  }
}

function resolveInline(children: Token[], ctx: RenderContext): void {
  for (let j = 0; j < children.length; j++) {
    const token = children[j]!;
    if (token.type === 'link_open') {
      const link = resolveLink(String(token.attrGet('href') ?? ''), ctx);
      if (link === null) {
        token.hidden = true;
        const close = children.slice(j + 1).find((t) => t.type === 'link_close');
        if (close) close.hidden = true;
      } else {
        token.attrs = [['href', link.href]];
        if (link.className) token.attrSet('class', link.className);
        if (link.rel) token.attrSet('rel', link.rel);
      }
    } else if (token.type === 'image') {
      const src = resolveMedia(String(token.attrGet('src') ?? ''), ctx);
      if (src === null) token.meta = { ...(token.meta ?? {}), drop: true };
      else token.attrSet('src', src);
    }
  }
}

function createParser(): Markdown {
  // html: true so that raw HTML is recognized as such, and then dropped by the html_* rules below.
  const md = new MarkdownIt({ html: true, linkify: false, typographer: false });
  // Every target becomes a link token; the core rule keeps allowed ones and turns the rest into text.
  md.validateLink = () => true;
  md.use(footnote);
  md.use(container, 'callout', { validate: (params: string) => calloutKind(params) !== null });
  trackLines(md);
  md.core.ruler.push('praxis', praxisCore);

  const rules = md.renderer.rules;
  rules.html_block = () => '';
  rules.html_inline = () => '';

  rules.container_callout_open = (tokens, idx, _options, env) => {
    const ctx = contextOf(env);
    const kind = calloutKind(tokens[idx]!.info) ?? 'note';
    const label = escapeHtml(ctx.labels[CALLOUT_LABEL[kind]]);
    return `<aside class="callout callout-${kind}" aria-label="${label}">\n<p class="callout-title">${label}</p>\n`;
  };
  rules.container_callout_close = () => '</aside>\n';

  rules.table_open = () => '<div class="table-scroll">\n<table>\n';
  rules.table_close = () => '</table>\n</div>\n';
  for (const cell of ['th_open', 'td_open'] as const) {
    rules[cell] = (tokens, idx) => {
      const token = tokens[idx]!;
      const className = token.attrGet('class');
      return `<${token.tag}${className ? ` class="${escapeHtml(String(className))}"` : ''} dir="auto">`;
    };
  }

  rules.image = (tokens, idx) => {
    const token = tokens[idx]!;
    if (token.meta?.drop) return '';
    const src = escapeHtml(String(token.attrGet('src') ?? ''));
    const alt = escapeHtml(plainText(token.children ?? []));
    const img = `<img src="${src}" alt="${alt}" loading="lazy">`;
    const title = token.attrGet('title');
    if (token.meta?.figure && title) {
      return `<figure class="image">${img}<figcaption>${escapeHtml(String(title))}</figcaption></figure>\n`;
    }
    return img;
  };

  const defaultFence = rules.fence!;
  rules.fence = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    const kind = token.info.trim().split(/\s+/)[0];
    if (kind === 'video') return renderVideo(token.content, contextOf(env));
    if (kind === 'case') return renderCase(token.content, contextOf(env));
    return defaultFence(tokens, idx, options, env, self);
  };

  rules.footnote_block_open = (_tokens, _idx, _options, env) => {
    const ctx = contextOf(env);
    const id = `${idPrefix(ctx)}footnotes-title`;
    return (
      `<section class="footnotes" aria-labelledby="${id}">\n` +
      `<h2 id="${id}" class="footnotes-title">${escapeHtml(ctx.labels.footnotes)}</h2>\n` +
      '<ol class="footnotes-list">\n'
    );
  };
  rules.footnote_block_close = () => '</ol>\n</section>\n';
  const footnoteIds = (token: Token, env: Env | undefined) => {
    const prefix = idPrefix(contextOf(env));
    const n = Number(token.meta?.id) + 1;
    const subId = Number(token.meta?.subId ?? 0);
    return {
      n,
      note: `${prefix}fn-${n}`,
      ref: `${prefix}fnref-${n}${subId > 0 ? `-${subId + 1}` : ''}`,
      title: `${prefix}footnotes-title`,
    };
  };
  rules.footnote_ref = (tokens, idx, _options, env) => {
    const ids = footnoteIds(tokens[idx]!, env);
    return `<sup class="footnote-ref"><a href="#${ids.note}" id="${ids.ref}" aria-describedby="${ids.title}">${ids.n}</a></sup>`;
  };
  rules.footnote_open = (tokens, idx, _options, env) =>
    `<li id="${footnoteIds(tokens[idx]!, env).note}" class="footnote-item">`;
  rules.footnote_close = () => '</li>\n';
  rules.footnote_anchor = (tokens, idx, _options, env) => {
    const ids = footnoteIds(tokens[idx]!, env);
    const back = contextOf(env).labels.backToReference;
    const label = back ? ` aria-label="${escapeHtml(`${back} ${ids.n}`)}"` : '';
    return ` <a href="#${ids.ref}" class="footnote-backref"${label}>\u21a9\ufe0e</a>`;
  };
  return md;
}

// ---------------------------------------------------------------------------------------------------
// Fenced blocks: video and case

function languageName(locale: string, inLocale: string): string {
  try {
    return new Intl.DisplayNames([inLocale], { type: 'language' }).of(locale) ?? locale;
  } catch {
    return locale;
  }
}

/** The text for the page locale, else for its language, else the first one. */
function pickLocalized(value: unknown, locale: string): { text: string; locale: string | null } | null {
  if (typeof value === 'string') return { text: value, locale: null };
  if (!isRecord(value)) return null;
  const entries = Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string');
  const language = locale.split('-')[0];
  const found =
    entries.find(([key]) => key === locale) ??
    entries.find(([key]) => key.split('-')[0] === language) ??
    entries[0];
  return found ? { text: found[1], locale: found[0] } : null;
}

function langAttribute(textLocale: string | null, pageLocale: string): string {
  return textLocale && textLocale !== pageLocale && LOCALE.test(textLocale)
    ? ` lang="${escapeHtml(textLocale)}"`
    : '';
}

function paragraphs(text: string, lang: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p${lang}>${escapeHtml(p)}</p>`)
    .join('\n');
}

function renderVideo(source: string, ctx: RenderContext): string {
  let data: unknown;
  try {
    data = parseYaml(source);
  } catch {
    return '';
  }
  if (!isRecord(data) || typeof data.src !== 'string') return '';
  const parts: string[] = [];
  const src = data.src.trim();
  const title = pickLocalized(data.title, ctx.locale);
  const titleLang = langAttribute(title?.locale ?? null, ctx.locale);
  const resolved = resolveMedia(src, ctx);
  const direct =
    resolved !== null && (mediaPath(src) !== null || VIDEO_FILE.test(httpsUrl(src)?.pathname ?? ''));
  if (resolved !== null && direct) {
    const tracks: string[] = [];
    const links: string[] = [];
    const language = ctx.locale.split('-')[0];
    let defaultSet = false;
    for (const [locale, path] of isRecord(data.captions) ? Object.entries(data.captions) : []) {
      if (!LOCALE.test(locale) || typeof path !== 'string') continue;
      const href = resolveMedia(path.trim(), ctx);
      if (href === null) continue;
      const name = escapeHtml(languageName(locale, ctx.locale));
      const isDefault: boolean = !defaultSet && locale.split('-')[0] === language;
      defaultSet ||= isDefault;
      tracks.push(
        `<track kind="captions" srclang="${locale}" label="${name}" src="${escapeHtml(href)}"${isDefault ? ' default' : ''}>`,
      );
      links.push(`<a href="${escapeHtml(href)}">${name}</a>`);
    }
    const fallback =
      `<a href="${escapeHtml(resolved)}">${escapeHtml(title?.text ?? src)}</a>` +
      (links.length > 0 ? ` ${escapeHtml(ctx.labels.captions)}: ${links.join(', ')}` : '');
    parts.push(
      `<video controls preload="none" src="${escapeHtml(resolved)}">`,
      ...tracks,
      `<p>${fallback}</p>`,
      '</video>',
    );
  } else if (resolved !== null) {
    // A page (YouTube, Vimeo, …) rather than a file: a link, never a third-party frame.
    parts.push(
      `<p class="video-link"><a href="${escapeHtml(resolved)}" rel="noopener"${titleLang}>${escapeHtml(title?.text ?? resolved)}</a></p>`,
    );
  }
  if (title && resolved !== null && direct) {
    parts.push(`<figcaption${titleLang}>${escapeHtml(title.text)}</figcaption>`);
  }
  const transcript = pickLocalized(data.transcript, ctx.locale);
  if (transcript && transcript.text.trim() !== '') {
    parts.push(
      '<details class="video-transcript">',
      `<summary>${escapeHtml(ctx.labels.transcript)}</summary>`,
      paragraphs(transcript.text, langAttribute(transcript.locale, ctx.locale)),
      '</details>',
    );
  }
  return parts.length > 0 ? `<figure class="video">\n${parts.join('\n')}\n</figure>\n` : '';
}

/** The case id of a `case` block: its text, or an `id:` line. */
function caseId(source: string): string {
  const text = source.trim();
  const match = /^id:\s*["']?([^"'\s]+)["']?\s*$/m.exec(text);
  return match ? match[1]! : text;
}

function renderCase(source: string, ctx: RenderContext): string {
  const id = caseId(source);
  const embed = /^[A-Za-z0-9][\w-]*$/.test(id) ? ctx.caseEmbed(id) : null;
  const kind = escapeHtml(ctx.labels.practiceCase);
  if (embed === null) {
    return (
      `<aside class="case-embed case-embed-unpublished" aria-label="${kind}">\n` +
      `<p class="case-embed-kind">${kind}</p>\n<p>${escapeHtml(ctx.labels.caseUnpublished)}</p>\n</aside>\n`
    );
  }
  return (
    `<aside class="case-embed" aria-label="${kind}">\n` +
    `<p class="case-embed-kind">${kind}</p>\n` +
    `<p class="case-embed-title"><a href="${escapeHtml(embed.href)}">${escapeHtml(embed.title)}</a></p>\n` +
    `<p class="case-embed-summary">${escapeHtml(embed.summary)}</p>\n</aside>\n`
  );
}

// ---------------------------------------------------------------------------------------------------
// Sanitizing: exactly what the rules above produce

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'br',
    'hr',
    'blockquote',
    'ul',
    'ol',
    'li',
    'strong',
    'em',
    's',
    'code',
    'pre',
    'a',
    'img',
    'figure',
    'figcaption',
    'div',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'aside',
    'section',
    'sup',
    'video',
    'track',
    'details',
    'summary',
  ],
  allowedAttributes: {
    a: ['href', 'id', 'rel', 'aria-describedby', 'aria-label', 'lang'],
    img: ['src', 'alt', 'loading'],
    ol: ['start'],
    li: ['id'],
    h2: ['id'],
    th: ['dir'],
    td: ['dir'],
    aside: ['aria-label'],
    section: ['aria-labelledby'],
    p: ['lang'],
    figcaption: ['lang'],
    video: ['src', 'controls', 'preload'],
    track: ['kind', 'srclang', 'label', 'src', 'default'],
  },
  allowedClasses: {
    a: ['glossary-term', 'footnote-backref'],
    aside: [
      'callout',
      'callout-note',
      'callout-warning',
      'callout-reflection',
      'callout-key-idea',
      'case-embed',
      'case-embed-unpublished',
    ],
    p: ['callout-title', 'case-embed-kind', 'case-embed-title', 'case-embed-summary', 'video-link'],
    div: ['table-scroll'],
    th: ['align-start', 'align-center', 'align-end'],
    td: ['align-start', 'align-center', 'align-end'],
    section: ['footnotes'],
    h2: ['footnotes-title'],
    ol: ['footnotes-list'],
    li: ['footnote-item'],
    sup: ['footnote-ref'],
    figure: ['image', 'video'],
    details: ['video-transcript'],
    code: ['language-*'],
  },
  allowedSchemes: ['https', 'http', 'mailto'],
  allowedSchemesByTag: { img: ['https'], video: ['https'], track: ['https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  selfClosing: ['img', 'br', 'hr', 'track'],
  disallowedTagsMode: 'discard',
  parseStyleAttributes: false,
};

const parser = createParser();

/** Unit Markdown (without front matter) → sanitized HTML for the unit page. */
export function renderMarkdown(markdown: string, ctx: RenderContext): string {
  const env: RenderEnv = { praxis: ctx };
  return sanitizeHtml(parser.render(markdown, env), SANITIZE);
}

// ---------------------------------------------------------------------------------------------------
// Analysis for the package checker. Lines are 1-based, counted in the string given.

interface Located {
  token: Token;
  line: number;
}

/** Every inline token of the document with the line it starts on. */
function locatedInlineTokens(markdown: string): Located[] {
  const found: Located[] = [];
  const footnoteLines = new Map<number, number>();
  let blockLine = 0;
  for (const block of parser.parse(markdown, {})) {
    if (block.map) blockLine = block.map[0];
    if (block.type === 'footnote_open') blockLine = footnoteLines.get(Number(block.meta?.id)) ?? blockLine;
    if (block.type !== 'inline' || !block.children) continue;
    const base = block.map ? block.map[0] : blockLine;
    for (const token of block.children) {
      const line = base + Number(token.meta?.lineOffset ?? 0) + 1;
      if (token.type === 'footnote_ref' && token.meta?.lineOffset !== undefined) {
        footnoteLines.set(Number(token.meta.id), line - 1);
      }
      found.push({ token, line });
    }
  }
  return found.sort((a, b) => a.line - b.line);
}

/** Every link and image target with its 1-based line, in document order. */
export function markdownLinks(markdown: string): { href: string; line: number }[] {
  return locatedInlineTokens(markdown).flatMap(({ token, line }) => {
    if (token.type === 'link_open') return [{ href: String(token.attrGet('href') ?? ''), line }];
    if (token.type === 'image') return [{ href: String(token.attrGet('src') ?? ''), line }];
    return [];
  });
}

/** Every image with its source, alt text and 1-based line. */
export function markdownImages(markdown: string): { src: string; alt: string; line: number }[] {
  return locatedInlineTokens(markdown).flatMap(({ token, line }) =>
    token.type === 'image'
      ? [{ src: String(token.attrGet('src') ?? ''), alt: plainText(token.children ?? []).trim(), line }]
      : [],
  );
}

/** Every fenced `video` block: its source, caption files and transcript locales (or why it cannot be read). */
export function markdownVideos(markdown: string): {
  src: string | null;
  captions: Record<string, string>;
  transcripts: string[];
  line: number;
  error?: string;
}[] {
  return fences(markdown, 'video').map(({ content, line }) => {
    let data: unknown;
    try {
      data = parseYaml(content);
    } catch (error) {
      return { src: null, captions: {}, transcripts: [], line, error: (error as Error).message };
    }
    if (!isRecord(data))
      return { src: null, captions: {}, transcripts: [], line, error: 'not a YAML mapping' };
    const captions = Object.fromEntries(
      Object.entries(isRecord(data.captions) ? data.captions : {}).filter(
        (e): e is [string, string] => typeof e[1] === 'string',
      ),
    );
    const transcripts = isRecord(data.transcript) ? Object.keys(data.transcript) : [];
    const src = typeof data.src === 'string' ? data.src.trim() : null;
    return src === null
      ? { src, captions, transcripts, line, error: 'src is missing' }
      : { src, captions, transcripts, line };
  });
}

/** Every fenced `case` block: the case id and its 1-based line. */
export function markdownCases(markdown: string): { id: string; line: number }[] {
  return fences(markdown, 'case').map(({ content, line }) => ({ id: caseId(content), line }));
}

function fences(markdown: string, kind: string): { content: string; line: number }[] {
  return parser
    .parse(markdown, {})
    .filter((t) => t.type === 'fence' && t.info.trim().split(/\s+/)[0] === kind)
    .map((t) => ({ content: t.content, line: (t.map?.[0] ?? 0) + 1 }));
}
