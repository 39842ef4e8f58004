import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/** Longest post body, in characters, and longest thread title. */
export const BODY_MAX = 10_000;
export const TITLE_MAX = 150;

/**
 * Posts are Markdown without raw HTML (markdown-it drops it and refuses `javascript:` links), and the
 * result passes an explicit allow-list as well, as unit content does: two independent guards, so a
 * parser quirk alone cannot put script on a page. Links people write are marked `nofollow ugc`.
 */
// Images would load from anywhere (and the CSP refuses them): an image is written as a plain link.
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false }).disable(
  'image',
);

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'hr', 'del'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  // Headings in a post would break the page's outline: they read as strong paragraphs.
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow ugc noopener' } }),
    h1: 'p',
    h2: 'p',
    h3: 'p',
    h4: 'p',
    h5: 'p',
    h6: 'p',
  },
  disallowedTagsMode: 'discard',
};

export function renderPostBody(source: string): string {
  return sanitizeHtml(markdown.render(source), ALLOWED);
}

/** Whether a body carries a link (written as Markdown, a bare URL or a `www.` address). */
export function hasLink(source: string): boolean {
  return /\b(?:https?:\/\/|www\.)|\]\s*\(|<[a-z][a-z0-9+.-]*:/i.test(source);
}

export type BodyProblem = 'empty' | 'tooLong' | 'nothingLeft' | 'script';

/** Script, embedded content, event handlers or script links, written outside code. */
const SCRIPT_LADEN =
  /<\s*\/?\s*(?:script|iframe|object|embed|style)\b|\b(?:javascript|vbscript)\s*:|<[^>]*\son[a-z]+\s*=/i;

/** The body without fenced code blocks and inline code, where code is shown, not run. */
const outsideCode = (source: string) =>
  source.replace(/^(```|~~~)[^\n]*\n[\s\S]*?(?:^\1[^\n]*$|(?![\s\S]))/gm, '').replace(/`[^`\n]*`/g, '');

/**
 * What is wrong with a body as written, or null. Rendering would neutralise script anyway; a post that
 * tries is refused with a message instead (code can still be shown between ``` lines or in `backticks`).
 */
export function bodyProblem(source: string): BodyProblem | null {
  const trimmed = source.trim();
  if (!trimmed) return 'empty';
  if (trimmed.length > BODY_MAX) return 'tooLong';
  if (SCRIPT_LADEN.test(outsideCode(trimmed))) return 'script';
  const text = sanitizeHtml(renderPostBody(trimmed), { allowedTags: [], allowedAttributes: {} }).trim();
  return text ? null : 'nothingLeft';
}
