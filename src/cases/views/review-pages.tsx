import taxonomy from '../../courses/package/taxonomy.json' with { type: 'json' };
import { LOCALES } from '../../platform/i18n/locales.ts';
import {
  CheckboxGroup,
  ErrorSummary,
  type FieldErrors,
  Form,
  SelectField,
  TextArea,
  TextField,
} from '../../platform/views/form.tsx';
import { Layout } from '../../platform/views/layout.tsx';
import { Notice } from '../../platform/views/notice.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import { acceptsReviews, type Call } from '../calls.ts';
import { inLocale } from '../localized.ts';
import { aggregate, type Review, type ReviewerProfile, weightedScore } from '../review-store.ts';
import { TEXT_SECTIONS } from '../submission-fields.ts';
import type { Submission } from '../submissions.ts';

export function ReviewerHomePage({
  c,
  cases,
  hasProfile,
}: {
  c: PageContext;
  cases: { id: string; title: string; callTitle: string; submitted_at: string | null }[];
  hasProfile: boolean;
}) {
  const { t } = c;
  return (
    <Layout c={c} title={t('review.homeTitle')} noindex>
      <h1>{t('review.homeTitle')}</h1>
      {hasProfile ? null : <p class="notice">{t('review.profileMissing')}</p>}
      <p>
        <a href={c.href('/review/profile')}>{t('review.profileLink')}</a>
      </p>
      {cases.length === 0 ? <p>{t('review.none')}</p> : null}
      <ul class="card-grid">
        {cases.map((item) => (
          <li class="card" key={item.id}>
            <h2>
              <a href={c.href(`/review/${item.id}`)}>{item.title}</a>
            </h2>
            <p class="meta">
              {inLocale(JSON.parse(item.callTitle), c.locale)} ·{' '}
              {t(item.submitted_at ? 'review.done' : 'review.todo')}
            </p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function ReviewerProfilePage({
  c,
  profile,
  errors,
  notice,
}: {
  c: PageContext;
  profile: Partial<ReviewerProfile>;
  errors: FieldErrors;
  notice?: string;
}) {
  const { t } = c;
  return (
    <Layout c={c} title={t('review.profileTitle')} noindex>
      <h1>{t('review.profileTitle')}</h1>
      <Notice c={c} message={notice} />
      <ErrorSummary c={c} errors={errors} />
      <Form c={c} action={c.href('/review/profile')} class="stack">
        <CheckboxGroup
          c={c}
          name="expertise"
          legend={t('review.fields.expertise')}
          options={taxonomy.recommendation.principles.map((p) => ({
            value: p.slug,
            label: t(`taxonomy.principles.${p.slug}`),
          }))}
          chosen={profile.expertise ?? []}
          errors={errors}
        />
        <SelectField
          c={c}
          name="region"
          label={t('review.fields.region')}
          value={profile.region}
          errors={errors}
          required
          placeholder={t('form.choose')}
          options={taxonomy.regions.unescoProgrammeRegions.map((r) => ({
            value: r.slug,
            label: t(`taxonomy.regions.${r.slug}`),
          }))}
        />
        <CheckboxGroup
          c={c}
          name="languages"
          legend={t('review.fields.languages')}
          options={LOCALES.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
          chosen={profile.languages ?? []}
          errors={errors}
        />
        <TextField
          c={c}
          name="organisation"
          label={t('review.fields.organisation')}
          value={profile.organisation}
          errors={errors}
          required
          maxLength={200}
          dir="auto"
        />
        <TextField
          c={c}
          name="max_load"
          type="number"
          label={t('review.fields.maxLoad')}
          value={String(profile.maxLoad ?? 10)}
          errors={errors}
          required
        />
        <button type="submit" class="button">
          {t('review.saveProfile')}
        </button>
      </Form>
    </Layout>
  );
}

interface ReviewPageProps {
  c: PageContext;
  call: Call;
  submission: Submission;
  ownerName: string;
  mine: Review | undefined;
  /** The other reviews: shown only once the viewer has submitted their own. */
  others: (Review & { name: string })[];
  discussion: { id: string; body: string; created_at: string; name: string }[];
  errors: FieldErrors;
  values?: Record<string, string>;
  notice?: string;
}

export function ReviewPage({
  c,
  call,
  submission,
  ownerName,
  mine,
  others,
  discussion,
  errors,
  values = {},
  notice,
}: ReviewPageProps) {
  const { t } = c;
  const blind = call.blindMode === 'double';
  const base = `/review/${submission.id}`;
  const value = (name: string, fallback = '') => values[name] ?? fallback;
  const agg = aggregate(call.rubric, [...others, ...(mine ? [mine] : [])]);
  const open = acceptsReviews(call);
  return (
    <Layout c={c} title={submission.title} noindex>
      <p class="meta">{inLocale(call.title, c.locale)}</p>
      <h1 dir="auto">{submission.title}</h1>
      <Notice c={c} message={notice} />
      <article class="card prose" lang={submission.language}>
        {blind ? (
          <p class="meta">{t('review.blindNotice')}</p>
        ) : (
          <p class="meta" dir="auto">
            {ownerName} · {submission.organisation}
          </p>
        )}
        <p>
          <strong>{submission.summary}</strong>
        </p>
        {TEXT_SECTIONS.map((section) => (
          <section key={section}>
            <h2 lang={c.locale}>{t(`submissions.fields.${section}`)}</h2>
            <p dir="auto">{submission[section]}</p>
          </section>
        ))}
        {submission.files.length ? (
          <ul lang={c.locale}>
            {submission.files.map((f) => (
              <li key={f.id}>
                <a href={`/review/${submission.id}/files/${f.id}`}>{f.filename}</a>
              </li>
            ))}
          </ul>
        ) : null}
      </article>

      <section class="card" aria-labelledby="my-review">
        <h2 id="my-review">{t('review.yourReview')}</h2>
        {mine?.submittedAt ? (
          <p class="notice">{t('review.submittedOn', { date: c.formatDate(mine.submittedAt) })}</p>
        ) : null}
        {open ? (
          <>
            <ErrorSummary c={c} errors={errors} />
            <Form c={c} action={c.href(base)} class="stack">
              {call.rubric.map((criterion) => (
                <SelectField
                  key={criterion.id}
                  c={c}
                  name={`score_${criterion.id}`}
                  label={`${inLocale(criterion.label, c.locale)}${criterion.required ? '' : ` ${t('form.optional')}`}`}
                  value={value(
                    `score_${criterion.id}`,
                    mine?.scores[criterion.id] ? String(mine.scores[criterion.id]) : '',
                  )}
                  errors={errors}
                  required={criterion.required}
                  placeholder={t('form.choose')}
                  options={Array.from({ length: criterion.scale }, (_, i) => ({
                    value: String(i + 1),
                    label: String(i + 1),
                  }))}
                />
              ))}
              <SelectField
                c={c}
                name="recommendation"
                label={t('review.fields.recommendation')}
                value={value('recommendation', mine?.recommendation)}
                errors={errors}
                required
                placeholder={t('form.choose')}
                options={['select', 'shortlist', 'decline'].map((r) => ({
                  value: r,
                  label: t(`review.recommendations.${r}`),
                }))}
              />
              <TextArea
                c={c}
                name="comments_to_authors"
                label={t('review.fields.toAuthors')}
                hint={t('review.fields.toAuthorsHint')}
                value={value('comments_to_authors', mine?.commentsToAuthors)}
                errors={errors}
                required
                rows={6}
              />
              <TextArea
                c={c}
                name="confidential_comments"
                label={t('review.fields.confidential')}
                hint={t('review.fields.confidentialHint')}
                value={value('confidential_comments', mine?.confidentialComments)}
                errors={errors}
                rows={4}
              />
              <div class="button-row">
                <button type="submit" name="intent" value="save" class="button button-secondary">
                  {t('review.saveDraft')}
                </button>
                <button type="submit" name="intent" value="submit" class="button">
                  {t('review.submit')}
                </button>
              </div>
            </Form>
          </>
        ) : (
          <>
            <p class="notice">{t('review.closed')}</p>
            {mine ? (
              <dl>
                <dt>{t('review.fields.recommendation')}</dt>
                <dd>{mine.recommendation ? t(`review.recommendations.${mine.recommendation}`) : ''}</dd>
                <dt>{t('review.fields.toAuthors')}</dt>
                <dd dir="auto">{mine.commentsToAuthors}</dd>
              </dl>
            ) : null}
          </>
        )}
      </section>

      <section class="card" aria-labelledby="other-reviews">
        <h2 id="other-reviews">{t('review.otherReviews')}</h2>
        {mine?.submittedAt ? (
          <>
            <p>
              {agg.mean === null
                ? t('review.noScores')
                : t('review.aggregate', {
                    mean: Math.round(agg.mean),
                    spread: Math.round(agg.spread ?? 0),
                    count: agg.count,
                  })}
            </p>
            {agg.disagreement ? <p class="notice">{t('review.disagreement')}</p> : null}
            {others
              .filter((r) => r.submittedAt)
              .map((review) => (
                <article key={review.reviewerId} class="review">
                  <h3>
                    {review.name} — {Math.round(weightedScore(call.rubric, review.scores))}/100 ·{' '}
                    {t(`review.recommendations.${review.recommendation}`)}
                  </h3>
                  <p dir="auto">{review.commentsToAuthors}</p>
                  {review.confidentialComments ? (
                    <p dir="auto">
                      <em>{t('review.fields.confidential')}:</em> {review.confidentialComments}
                    </p>
                  ) : null}
                </article>
              ))}
          </>
        ) : (
          <p>{t('review.othersAfterYours')}</p>
        )}
      </section>

      <section class="card" aria-labelledby="discussion-title">
        <h2 id="discussion-title">{t('review.discussion')}</h2>
        {discussion.map((post) => (
          <article key={post.id} class="post">
            <p class="meta">
              {post.name} · {c.formatDate(post.created_at)}
            </p>
            <p dir="auto">{post.body}</p>
          </article>
        ))}
        <Form c={c} action={c.href(`${base}/discussion`)} class="stack">
          <TextArea c={c} name="body" label={t('review.addToDiscussion')} errors={errors} required rows={3} />
          <button type="submit" class="button button-secondary">
            {t('review.post')}
          </button>
        </Form>
      </section>

      {open ? (
        <section class="card" aria-labelledby="decline-title">
          <h2 id="decline-title">{t('review.declineTitle')}</h2>
          <Form c={c} action={c.href(`${base}/decline`)} class="stack narrow">
            <TextField
              c={c}
              name="reason"
              label={t('review.declineReason')}
              errors={errors}
              required
              maxLength={500}
              dir="auto"
            />
            <div class="button-row">
              <button type="submit" name="kind" value="decline" class="button button-secondary">
                {t('review.decline')}
              </button>
              <button type="submit" name="kind" value="conflict" class="button button-danger">
                {t('review.declareConflict')}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </Layout>
  );
}
