import { LOCALES } from '../../platform/i18n/locales.ts';
import { type FieldErrors, Form, SelectField, TextArea, TextField } from '../../platform/views/form.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import { type Post, REPORT_REASONS, SUSPENSION_DAYS } from '../community.ts';
import { BODY_MAX, TITLE_MAX } from '../post-body.ts';

/** The author's name, or "Deleted account" once they deleted it (their posts stay for the replies). */
export const authorLabel = (c: PageContext, name: string): string => name || c.t('community.deletedAccount');

/** What a post form shows again after a problem: the person's own words, never lost. */
export interface PostFormState {
  values: { title?: string; body?: string; language?: string };
  errors: FieldErrors;
}

export const emptyForm = (c: PageContext): PostFormState => ({ values: { language: c.locale }, errors: {} });

export const languageOptions = (c: PageContext) =>
  LOCALES.map((l) => ({ value: l, label: c.t(`languages.${l}`) }));

/** Title (for new threads), Markdown body and language: the fields of every post form. */
export function PostFields({
  c,
  state,
  withTitle,
  bodyLabel,
}: {
  c: PageContext;
  state: PostFormState;
  withTitle: boolean;
  bodyLabel: string;
}) {
  const { t } = c;
  return (
    <>
      {withTitle ? (
        <TextField
          c={c}
          name="title"
          label={t('community.fields.title')}
          errors={state.errors}
          value={state.values.title}
          required
          maxLength={TITLE_MAX}
          dir="auto"
        />
      ) : null}
      <TextArea
        c={c}
        name="body"
        label={bodyLabel}
        hint={t('community.fields.bodyHint', { max: BODY_MAX })}
        errors={state.errors}
        value={state.values.body}
        required
        rows={withTitle ? 8 : 5}
      />
      <SelectField
        c={c}
        name="language"
        label={t('community.fields.language')}
        hint={t('community.fields.languageHint')}
        errors={state.errors}
        value={state.values.language ?? c.locale}
        options={languageOptions(c)}
        required
      />
    </>
  );
}

/** A moderator's reason: a category and optional words, recorded in the audit log. */
export function ReasonFields({ c, idSuffix }: { c: PageContext; idSuffix: string }) {
  const { t } = c;
  return (
    <>
      <div class="field">
        <label for={`mod-reason-${idSuffix}`}>{t('community.moderation.reason')}</label>
        <select id={`mod-reason-${idSuffix}`} name="reason">
          {REPORT_REASONS.map((r) => (
            <option value={r} key={r}>
              {t(`community.reasons.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={`mod-note-${idSuffix}`}>
          {t('community.moderation.note')} <span class="optional">{t('form.optional')}</span>
        </label>
        <input id={`mod-note-${idSuffix}`} name="note" type="text" maxLength={500} dir="auto" />
      </div>
    </>
  );
}

/** Hide or restore, approve, and suspend the author: what a moderator can do to one post. */
export function ModeratorTools({ c, post, back }: { c: PageContext; post: Post; back: string }) {
  const { t } = c;
  const next = `?next=${encodeURIComponent(back)}`;
  const action = (verb: string) => c.href(`/moderation/posts/${post.id}/${verb}${next}`);
  return (
    <details class="mod-tools">
      <summary>{t('community.moderation.tools')}</summary>
      {post.status === 'visible' ? (
        <Form c={c} action={action('hide')} class="mod-form" label={t('community.moderation.hide')}>
          <ReasonFields c={c} idSuffix={`hide-${post.id}`} />
          <button type="submit" class="button button-danger button-small">
            {t('community.moderation.hide')}
          </button>
        </Form>
      ) : (
        <Form
          c={c}
          action={action(post.status === 'held' ? 'approve' : 'restore')}
          class="mod-form"
          label={t(post.status === 'held' ? 'community.moderation.approve' : 'community.moderation.restore')}
        >
          <ReasonFields c={c} idSuffix={`restore-${post.id}`} />
          <button type="submit" class="button button-small">
            {t(post.status === 'held' ? 'community.moderation.approve' : 'community.moderation.restore')}
          </button>
        </Form>
      )}
      {post.status === 'held' ? (
        <Form c={c} action={action('hide')} class="mod-form" label={t('community.moderation.reject')}>
          <ReasonFields c={c} idSuffix={`reject-${post.id}`} />
          <button type="submit" class="button button-danger button-small">
            {t('community.moderation.reject')}
          </button>
        </Form>
      ) : null}
      <SuspendForm c={c} post={post} back={back} />
    </details>
  );
}

export function SuspendForm({ c, post, back }: { c: PageContext; post: Post; back: string }) {
  const { t } = c;
  return (
    <Form
      c={c}
      action={c.href(`/moderation/posts/${post.id}/suspend-author?next=${encodeURIComponent(back)}`)}
      class="mod-form"
      label={t('community.moderation.suspendAuthor', { name: authorLabel(c, post.authorName) })}
    >
      <div class="field">
        <label for={`suspend-days-${post.id}`}>
          {t('community.moderation.suspendAuthor', { name: authorLabel(c, post.authorName) })}
        </label>
        <select id={`suspend-days-${post.id}`} name="days">
          {SUSPENSION_DAYS.map((d) => (
            <option value={String(d)} key={d}>
              {t('community.moderation.days', { days: d })}
            </option>
          ))}
        </select>
      </div>
      <ReasonFields c={c} idSuffix={`suspend-${post.id}`} />
      <button type="submit" class="button button-danger button-small">
        {t('community.moderation.suspend')}
      </button>
    </Form>
  );
}

/** One post: who wrote it and when, its body (or the placeholder a hidden post leaves), its actions. */
export function PostView({
  c,
  post,
  moderator,
  canVote,
  canReport,
  canEdit,
  back,
  heading,
}: {
  c: PageContext;
  post: Post;
  moderator: boolean;
  canVote: boolean;
  canReport: boolean;
  canEdit: boolean;
  /** This page, to come back to after an action. */
  back: string;
  heading?: preact.ComponentChildren;
}) {
  const { t } = c;
  const masked = post.status === 'hidden' && !moderator;
  return (
    <article class={`post post-${post.status}`} id={`post-${post.id}`} aria-labelledby={`post-${post.id}-by`}>
      {heading}
      <p class="post-meta" id={`post-${post.id}-by`}>
        <span class="post-author" dir="auto">
          {authorLabel(c, post.authorName)}
        </span>{' '}
        · <time dateTime={post.createdAt}>{c.formatDate(post.createdAt)}</time> ·{' '}
        <span>{t(`languages.${post.language}`)}</span>
        {post.editedAt ? <span class="tag"> · {t('community.edited')}</span> : null}
        {post.status === 'held' ? <strong class="status-tag"> {t('community.status.held')}</strong> : null}
        {post.status === 'hidden' && moderator ? (
          <strong class="status-tag"> {t('community.status.hidden')}</strong>
        ) : null}
      </p>
      {masked ? (
        <p class="post-placeholder">{t('community.hiddenPlaceholder')}</p>
      ) : (
        // Rendered from Markdown without raw HTML and passed through the sanitizer's allow-list.
        <div
          class="post-body"
          lang={post.language}
          dir="auto"
          dangerouslySetInnerHTML={{ __html: post.bodyHtml }}
        />
      )}
      <div class="post-actions">
        <span class="post-score">{t('community.votes', { count: post.score })}</span>
        {canVote && !masked && post.status === 'visible' ? (
          <Form
            c={c}
            action={c.href(`/discussions/posts/${post.id}/vote?next=${encodeURIComponent(back)}`)}
            class="inline-form"
          >
            <input type="hidden" name="up" value={post.voted ? '0' : '1'} />
            <button
              type="submit"
              class="button button-small button-secondary"
              aria-pressed={post.voted ? 'true' : 'false'}
            >
              {post.voted ? t('community.unvote') : t('community.upvote')}
            </button>
          </Form>
        ) : null}
        {canReport && !masked ? (
          <a href={c.href(`/discussions/posts/${post.id}/report`)}>{t('community.report')}</a>
        ) : null}
        {canEdit ? <a href={c.href(`/discussions/posts/${post.id}/edit`)}>{t('community.edit')}</a> : null}
      </div>
      {moderator ? <ModeratorTools c={c} post={post} back={back} /> : null}
    </article>
  );
}

/** Page links that work without JavaScript, keeping the other query parameters. */
export function Pagination({
  c,
  page,
  pages,
  href,
}: {
  c: PageContext;
  page: number;
  pages: number;
  href: (page: number) => string;
}) {
  const { t } = c;
  if (pages <= 1) return null;
  return (
    <nav aria-label={t('pagination.label')} class="pagination">
      {page > 1 ? (
        <a href={href(page - 1)} rel="prev">
          {t('pagination.previous')}
        </a>
      ) : null}
      <ul class="page-list">
        {Array.from({ length: pages }, (_, i) => i + 1).map((n) => (
          <li key={n}>
            {n === page ? (
              <span aria-current="page">{t('community.pageNumber', { page: n })}</span>
            ) : (
              <a href={href(n)}>{t('community.pageNumber', { page: n })}</a>
            )}
          </li>
        ))}
      </ul>
      {page < pages ? (
        <a href={href(page + 1)} rel="next">
          {t('pagination.next')}
        </a>
      ) : null}
    </nav>
  );
}

/** Sort order and language, as a GET form: it works without JavaScript and the URL can be shared. */
export function FilterForm({
  c,
  action,
  sorts,
  sort,
  language,
}: {
  c: PageContext;
  action: string;
  sorts: readonly string[];
  sort: string;
  language: string | null;
}) {
  const { t } = c;
  return (
    <form method="get" action={action} class="filter-form" aria-label={t('community.filters')}>
      <div class="field">
        <label for="filter-sort">{t('community.sortBy')}</label>
        <select id="filter-sort" name="sort">
          {sorts.map((s) => (
            <option value={s} selected={s === sort} key={s}>
              {t(`community.sorts.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="filter-lang">{t('community.languageFilter')}</label>
        <select id="filter-lang" name="lang">
          <option value="">{t('community.allLanguages')}</option>
          {languageOptions(c).map((o) => (
            <option value={o.value} selected={o.value === language} key={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="button button-secondary">
        {t('community.apply')}
      </button>
    </form>
  );
}

/** A report's reason choices, for the report form. */
export function ReportFields({
  c,
  state,
}: {
  c: PageContext;
  state: { reason?: string; note?: string; errors: FieldErrors };
}) {
  const { t } = c;
  const error = state.errors.reason;
  return (
    <>
      <fieldset class={error ? 'field has-error' : 'field'} id="field-reason">
        <legend>{t('community.reportForm.reason')}</legend>
        {error ? (
          <p class="field-error" id="field-reason-error">
            {t(error)}
          </p>
        ) : null}
        {REPORT_REASONS.map((r) => (
          <div class="choice" key={r}>
            <input
              type="radio"
              id={`field-reason-${r}`}
              name="reason"
              value={r}
              checked={state.reason === r}
            />
            <label for={`field-reason-${r}`}>{t(`community.reasons.${r}`)}</label>
          </div>
        ))}
      </fieldset>
      <TextArea
        c={c}
        name="note"
        label={t('community.reportForm.note')}
        errors={state.errors}
        value={state.note}
        rows={3}
      />
    </>
  );
}
