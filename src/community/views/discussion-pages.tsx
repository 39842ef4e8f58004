import { ErrorSummary, Form } from '../../platform/views/form.tsx';
import { Layout } from '../../platform/views/layout.tsx';
import { Notice } from '../../platform/views/notice.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import {
  type Post,
  REPLIES_PER_PAGE,
  REPLY_SORTS,
  THREAD_SORTS,
  THREADS_PER_PAGE,
  type Thread,
  type ThreadSummary,
} from '../community.ts';
import {
  authorLabel,
  FilterForm,
  Pagination,
  PostFields,
  type PostFormState,
  PostView,
  ReasonFields,
  ReportFields,
} from './post-parts.tsx';

const STYLES = ['css/community.css'];

/** Where a discussion lives, as the page names and links it. */
export interface Place {
  /** The unit's or case's title. */
  title: string;
  /** The course a unit belongs to; empty for a case. */
  context: string;
  /** The unit or case page. */
  href: string;
  /** The discussion's thread list (path after the locale). */
  discussionPath: string;
  /** Whether search engines may index it (case discussions are public; unit ones are not). */
  listed: boolean;
}

/** What the viewer may do here, as the policy answered it. */
export interface Abilities {
  post: boolean;
  moderator: boolean;
  /** Why the viewer cannot post, as a message key (sign in, enroll, suspended), when they cannot. */
  reason?: string;
  suspendedUntil?: string;
}

function query(params: Record<string, string | number | null | undefined>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== '');
  return entries.length
    ? `?${entries.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&')}`
    : '';
}

function CannotPost({ c, abilities, back }: { c: PageContext; abilities: Abilities; back: string }) {
  const { t } = c;
  if (abilities.post || !abilities.reason) return null;
  if (abilities.reason === 'community.signInToPost') {
    return (
      <p class="notice">
        {t('community.signInToPost')}{' '}
        <a href={c.href(`/sign-in?next=${encodeURIComponent(back)}`)}>{t('layout.signIn')}</a>
      </p>
    );
  }
  return (
    <p class="notice">
      {abilities.suspendedUntil
        ? t('community.suspendedUntil', { until: c.formatDate(abilities.suspendedUntil) })
        : t(abilities.reason)}
    </p>
  );
}

export function DiscussionPage(props: {
  c: PageContext;
  place: Place;
  threads: ThreadSummary[];
  total: number;
  page: number;
  sort: string;
  language: string | null;
  abilities: Abilities;
  form: PostFormState;
  notice?: string;
}) {
  const { c, place, threads, total, page, sort, language, abilities, form, notice } = props;
  const { t } = c;
  const pages = Math.max(1, Math.ceil(total / THREADS_PER_PAGE));
  const heading = t('community.discussionOf', { title: place.title });
  return (
    <Layout c={c} title={heading} styles={STYLES} noindex={!place.listed}>
      <nav aria-label={t('courses.breadcrumb')} class="breadcrumb">
        <ol>
          {place.context ? <li>{place.context}</li> : null}
          <li>
            <a href={place.href} dir="auto">
              {place.title}
            </a>
          </li>
        </ol>
      </nav>
      <h1 dir="auto">{heading}</h1>
      <Notice c={c} message={notice} />
      <ErrorSummary c={c} errors={form.errors} />
      <FilterForm
        c={c}
        action={c.href(place.discussionPath)}
        sorts={THREAD_SORTS}
        sort={sort}
        language={language}
      />
      <p class="meta" role="status">
        {t('community.threadCount', { count: total })}
      </p>
      {threads.length ? (
        <ol class="thread-list">
          {threads.map((thread) => {
            const masked = thread.status === 'hidden' && !abilities.moderator;
            return (
              <li key={thread.id} class="thread-item">
                <a href={c.href(`/discussions/${thread.id}`)} dir="auto" class="thread-title">
                  {masked ? t('community.hiddenTitle') : thread.title}
                </a>
                <p class="meta">
                  <span dir="auto">{authorLabel(c, thread.authorName)}</span> ·{' '}
                  <time dateTime={thread.createdAt}>{c.formatDate(thread.createdAt)}</time> ·{' '}
                  {t(`languages.${thread.language}`)} · {t('community.replyCount', { count: thread.replies })}{' '}
                  · {t('community.votes', { count: thread.score })}
                  {thread.locked ? <strong class="status-tag"> {t('community.locked')}</strong> : null}
                  {thread.status === 'held' ? (
                    <strong class="status-tag"> {t('community.status.held')}</strong>
                  ) : null}
                </p>
              </li>
            );
          })}
        </ol>
      ) : (
        <p>{t('community.noThreads')}</p>
      )}
      <Pagination
        c={c}
        page={page}
        pages={pages}
        href={(n) => c.href(`${place.discussionPath}${query({ sort, lang: language, page: n })}`)}
      />
      <section aria-labelledby="new-thread-title" class="compose">
        <h2 id="new-thread-title">{t('community.newThread')}</h2>
        {abilities.post ? (
          <Form c={c} action={c.href(place.discussionPath)} id="new-thread">
            <PostFields c={c} state={form} withTitle bodyLabel={t('community.fields.body')} />
            <p class="hint">{t('community.markdownHint')}</p>
            <button type="submit" class="button">
              {t('community.startThread')}
            </button>
          </Form>
        ) : (
          <CannotPost c={c} abilities={abilities} back={place.discussionPath} />
        )}
      </section>
    </Layout>
  );
}

export function ThreadPage(props: {
  c: PageContext;
  place: Place;
  thread: Thread;
  opening: Post;
  replies: Post[];
  total: number;
  page: number;
  sort: string;
  language: string | null;
  abilities: Abilities & { reply: boolean; vote: boolean };
  editable: (post: Post) => boolean;
  form: PostFormState;
  notice?: string;
}) {
  const {
    c,
    place,
    thread,
    opening,
    replies,
    total,
    page,
    sort,
    language,
    abilities,
    editable,
    form,
    notice,
  } = props;
  const { t } = c;
  const pages = Math.max(1, Math.ceil(total / REPLIES_PER_PAGE));
  const path = `/discussions/${thread.id}`;
  const back = `${path}${query({ sort, lang: language, page: page > 1 ? page : null })}`;
  const masked = opening.status === 'hidden' && !abilities.moderator;
  const title = masked ? t('community.hiddenTitle') : thread.title;
  const viewerId = c.user?.id;
  const postProps = (post: Post) => ({
    c,
    post,
    moderator: abilities.moderator,
    canVote: abilities.vote && post.authorId !== viewerId,
    canReport: abilities.vote && post.authorId !== viewerId,
    canEdit: post.authorId === viewerId && editable(post) && abilities.vote,
    back,
  });
  return (
    <Layout c={c} title={title} styles={STYLES} noindex>
      <nav aria-label={t('courses.breadcrumb')} class="breadcrumb">
        <ol>
          {place.context ? <li>{place.context}</li> : null}
          <li>
            <a href={place.href} dir="auto">
              {place.title}
            </a>
          </li>
          <li>
            <a href={c.href(place.discussionPath)}>{t('community.discussion')}</a>
          </li>
        </ol>
      </nav>
      <Notice c={c} message={notice} />
      <PostView
        {...postProps(opening)}
        heading={
          <h1 dir="auto" class="thread-heading">
            {title}
          </h1>
        }
      />
      {thread.lockedAt ? <p class="notice locked-notice">{t('community.lockedNotice')}</p> : null}
      {abilities.moderator ? (
        <details class="mod-tools lock-tools">
          <summary>
            {t(thread.lockedAt ? 'community.moderation.unlock' : 'community.moderation.lock')}
          </summary>
          <Form
            c={c}
            action={c.href(`/moderation/threads/${thread.id}/${thread.lockedAt ? 'unlock' : 'lock'}`)}
            class="mod-form lock-form"
            label={t(thread.lockedAt ? 'community.moderation.unlock' : 'community.moderation.lock')}
          >
            <ReasonFields c={c} idSuffix="lock" />
            <button type="submit" class="button button-secondary button-small">
              {t(thread.lockedAt ? 'community.moderation.unlock' : 'community.moderation.lock')}
            </button>
          </Form>
        </details>
      ) : null}
      <section aria-labelledby="replies-title">
        <h2 id="replies-title">{t('community.replyCount', { count: total })}</h2>
        <FilterForm c={c} action={c.href(path)} sorts={REPLY_SORTS} sort={sort} language={language} />
        {replies.map((post) => (
          <PostView key={post.id} {...postProps(post)} />
        ))}
        <Pagination
          c={c}
          page={page}
          pages={pages}
          href={(n) => c.href(`${path}${query({ sort, lang: language, page: n })}`)}
        />
      </section>
      <section aria-labelledby="reply-title" class="compose">
        <h2 id="reply-title">{t('community.yourReply')}</h2>
        <ErrorSummary c={c} errors={form.errors} />
        {abilities.reply ? (
          <Form c={c} action={c.href(`${path}/replies`)} id="reply">
            <PostFields c={c} state={form} withTitle={false} bodyLabel={t('community.fields.reply')} />
            <p class="hint">{t('community.markdownHint')}</p>
            <button type="submit" class="button">
              {t('community.sendReply')}
            </button>
          </Form>
        ) : thread.lockedAt && abilities.post ? (
          <p class="notice">{t('community.lockedNotice')}</p>
        ) : (
          <CannotPost c={c} abilities={abilities} back={path} />
        )}
      </section>
    </Layout>
  );
}

export function EditPostPage({
  c,
  post,
  thread,
  form,
  minutes,
}: {
  c: PageContext;
  post: Post;
  thread: Thread;
  form: PostFormState;
  /** Length of the edit window. */
  minutes: number;
}) {
  const { t } = c;
  return (
    <Layout c={c} title={t('community.editTitle')} styles={STYLES} noindex>
      <h1>{t('community.editTitle')}</h1>
      <p>
        <a href={c.href(`/discussions/${thread.id}#post-${post.id}`)} dir="auto">
          {thread.title}
        </a>
      </p>
      <p class="hint">{t('community.editWindow', { minutes })}</p>
      <ErrorSummary c={c} errors={form.errors} />
      <Form c={c} action={c.href(`/discussions/posts/${post.id}/edit`)}>
        <PostFields
          c={c}
          state={form}
          withTitle={post.kind === 'opening'}
          bodyLabel={t('community.fields.body')}
        />
        <button type="submit" class="button">
          {t('community.saveEdit')}
        </button>
      </Form>
    </Layout>
  );
}

export function ReportPage({
  c,
  post,
  thread,
  state,
}: {
  c: PageContext;
  post: Post;
  thread: Thread;
  state: { reason?: string; note?: string; errors: Record<string, string> };
}) {
  const { t } = c;
  return (
    <Layout c={c} title={t('community.reportForm.title')} styles={STYLES} noindex>
      <h1>{t('community.reportForm.title')}</h1>
      <p>
        {t('community.reportForm.about', { name: authorLabel(c, post.authorName) })}{' '}
        <a href={c.href(`/discussions/${thread.id}#post-${post.id}`)} dir="auto">
          {thread.title}
        </a>
      </p>
      <ErrorSummary c={c} errors={state.errors} />
      <Form c={c} action={c.href(`/discussions/posts/${post.id}/report`)}>
        <ReportFields c={c} state={state} />
        <button type="submit" class="button">
          {t('community.reportForm.send')}
        </button>
      </Form>
    </Layout>
  );
}
