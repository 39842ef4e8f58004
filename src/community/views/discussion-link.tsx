import { cloneElement, type VNode } from 'preact';
import type { PageContext } from '../../platform/views/page-context.ts';
import { isModerator } from '../access.ts';

/**
 * The pointer from a unit or case page to its discussion. The owning page's route appends it, so the
 * community module alone decides what it says.
 */
export function DiscussionLink({ c, path, open }: { c: PageContext; path: string; open: boolean }) {
  const { t } = c;
  return (
    <section aria-labelledby="discussion-link-title" class="discussion-link">
      <h2 id="discussion-link-title">{t('community.discussion')}</h2>
      <p>
        {open ? <a href={c.href(path)}>{t('community.joinDiscussion')}</a> : t('community.enrollToDiscuss')}
      </p>
    </section>
  );
}

/** A page (a Layout element) with `section` added at the end of its main content. */
export function withSection(page: VNode, section: VNode | null): VNode {
  if (!section) return page;
  const children = (page.props as { children?: unknown }).children;
  return cloneElement(page, undefined, children as VNode, section);
}

/** The discussion link of a unit page: open to its enrolled learners and to moderators. */
export function unitDiscussionLink(
  c: PageContext,
  unit: { slug: string; unitId: string; enrolled: boolean; preview: boolean },
): VNode | null {
  if (unit.preview) return null;
  return (
    <DiscussionLink
      c={c}
      path={`/courses/${unit.slug}/units/${unit.unitId}/discussion`}
      open={unit.enrolled || isModerator(c.user)}
    />
  );
}

export function caseDiscussionLink(c: PageContext, caseId: string): VNode {
  return <DiscussionLink c={c} path={`/cases/${caseId}/discussion`} open />;
}
