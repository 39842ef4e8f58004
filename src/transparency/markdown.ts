import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

// Editorial sections are written by admins, but rendered on a public page: raw HTML in the source is
// not rendered (markdown-it `html: false`), and the output passes an allowlist as a second guard.
const parser = new MarkdownIt({ html: false, linkify: true, typographer: false });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'ul', 'ol', 'li', 'strong', 'em', 'a', 'h3', 'h4', 'blockquote', 'code', 'pre'],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
};

/** Admin-written Markdown as safe HTML: headings are demoted to h3/h4 below the section's h2. */
export function renderEditorial(markdown: string): string {
  const html = parser.render(markdown).replace(/<(\/?)h[1-6]>/g, (_m, slash: string) => `<${slash}h3>`);
  return sanitizeHtml(html, SANITIZE);
}

/** The same Markdown as plain paragraphs, for the PDF. */
export function editorialText(markdown: string): string[] {
  const text = sanitizeHtml(renderEditorial(markdown).replace(/<\/(p|li|h3|h4|blockquote|pre)>/g, '\n'), {
    allowedTags: [],
    allowedAttributes: {},
  });
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .trim(),
    )
    .filter(Boolean);
}
