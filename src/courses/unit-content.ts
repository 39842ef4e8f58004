import type { PageContext } from '../platform/views/page-context.ts';
import type { CourseVersion } from './course-store.ts';
import { pick } from './localize.ts';
import { type RenderContext, renderMarkdown } from './markdown/render-markdown.ts';

/** Rendered unit HTML per version, unit and language: versions never change, so neither does the HTML. */
const cache = new Map<string, string>();
const CACHE_LIMIT = 2000;

/** A practice case embedded in a unit, once it is published in the case library. */
export interface EmbeddedCase {
  title: string;
  summary: string;
  href: string;
}

export function unitHtml(
  c: PageContext,
  course: CourseVersion,
  unitId: string,
  locale: string,
  query: string,
  cases: ReadonlyMap<string, EmbeddedCase> = new Map(),
): string {
  // Which embedded cases are published is part of the key: publishing one re-renders the unit.
  const key = `${course.id}\u0000${unitId}\u0000${locale}\u0000${c.locale}\u0000${query}\u0000${[...cases.keys()].join(',')}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const { pkg } = course;
  const unit = pkg.modules.flatMap((m) => m.units).find((u) => u.id === unitId);
  const text = unit?.texts[locale] ?? unit?.texts.en;
  if (!unit || !text) return '';
  const unitIds = new Set(pkg.modules.flatMap((m) => m.units.map((u) => u.id)));
  // Terms link to the glossary listed on the unit page, which is the unit's own module's.
  const module = pkg.modules.find((m) => m.units.some((u) => u.id === unitId));
  const glossary = new Map(
    (module?.glossary ?? []).map(
      (g) => [g.id, { term: pick(g.term, locale), definition: pick(g.definition, locale) }] as const,
    ),
  );
  const base = `/courses/${pkg.slug}`;
  const ctx: RenderContext = {
    locale,
    glossary,
    unitHref: (id) => (unitIds.has(id) ? c.href(`${base}/units/${id}${query}`) : null),
    moduleHref: (id) =>
      pkg.modules.some((m) => m.id === id) ? c.href(`${base}${query}#module-${id}`) : null,
    mediaHref: (path) =>
      path in pkg.media ? `/media/courses/${course.id}/${path.replace(/^media\//, '')}` : null,
    // Until a case is published in the library, the block says it will appear.
    caseEmbed: (id) => cases.get(id) ?? null,
    labels: {
      note: c.t('content.note'),
      warning: c.t('content.warning'),
      reflection: c.t('content.reflection'),
      keyIdea: c.t('content.keyIdea'),
      transcript: c.t('content.transcript'),
      captions: c.t('content.captions'),
      footnotes: c.t('content.footnotes'),
      caseUnpublished: c.t('content.caseUnpublished'),
      practiceCase: c.t('content.practiceCase'),
    },
  };
  const html = renderMarkdown(text.body, ctx);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, html);
  return html;
}
