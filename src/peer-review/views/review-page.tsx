import type { CourseVersion } from '../../courses/course-store.ts';
import { contentLocale, pick } from '../../courses/localize.ts';
import type { PeerAssignment, Unit } from '../../courses/package/types.ts';
import {
  ErrorSummary,
  type FieldErrors,
  Form,
  fieldId,
  TextArea,
  TextField,
} from '../../platform/views/form.tsx';
import { Layout } from '../../platform/views/layout.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import { COMMENT_MAX, REASON_MAX } from '../peer-review-service.ts';
import { assignmentPath, PeerHeader } from './assignment-page.tsx';

/** A report form for one submission or review the learner was shown. */
export function FlagForm({
  c,
  action,
  type,
  id,
}: {
  c: PageContext;
  action: string;
  type: 'submission' | 'review';
  id: string;
}) {
  return (
    <details class="peer-flag">
      <summary>{c.t('peerReview.flag.legend')}</summary>
      <Form c={c} action={action} class="stack">
        <input type="hidden" name="type" value={type} />
        <input type="hidden" name="id" value={id} />
        <TextField
          c={c}
          name={`reason-${id}`}
          label={c.t('peerReview.flag.reason')}
          errors={{}}
          required
          maxLength={REASON_MAX}
        />
        <button type="submit" class="button-secondary">
          {c.t('peerReview.flag.submit')}
        </button>
      </Form>
    </details>
  );
}

export function ReviewPage({
  c,
  course,
  unit,
  assignment,
  reviewId,
  submissionId,
  text,
  errors = {},
  values = {},
}: {
  c: PageContext;
  course: CourseVersion;
  unit: Unit;
  assignment: PeerAssignment;
  reviewId: string;
  submissionId: string;
  text: string;
  errors?: FieldErrors;
  values?: Record<string, string>;
}) {
  const { t } = c;
  const { locale } = contentLocale(course.pkg, c.locale);
  const base = assignmentPath(course.slug, assignment.id);
  return (
    <Layout c={c} title={t('peerReview.reviewTitle')} styles={['css/peer-review.css']} noindex>
      <PeerHeader c={c} course={course} unit={unit} title={t('peerReview.reviewTitle')} />
      <p class="meta">{t('peerReview.anonymousNote')}</p>
      <section aria-labelledby="prompt-title">
        <h2 id="prompt-title">{t('peerReview.prompt')}</h2>
        <p lang={locale}>{pick(assignment.prompt, locale)}</p>
      </section>
      <section aria-labelledby="peer-text-title">
        <h2 id="peer-text-title">{t('peerReview.submissionHeading')}</h2>
        <blockquote class="peer-text" dir="auto">
          {text}
        </blockquote>
        <FlagForm c={c} action={c.href(`${base}/flags`)} type="submission" id={submissionId} />
      </section>
      <ErrorSummary c={c} errors={errors} />
      <Form c={c} action={c.href(`${base}/reviews/${reviewId}`)} class="stack peer-review-form">
        {assignment.rubric.map((criterion) => {
          const name = `criterion-${criterion.id}`;
          const error = errors[name];
          return (
            <fieldset
              key={criterion.id}
              id={fieldId(name)}
              class={error ? 'field has-error' : 'field'}
              aria-describedby={error ? `${fieldId(name)}-error` : undefined}
            >
              <legend>{pick(criterion.title, locale)}</legend>
              {error ? (
                <p class="field-error" id={`${fieldId(name)}-error`}>
                  {t(error)}
                </p>
              ) : null}
              {criterion.levels.map((level) => (
                <div class="choice" key={level.id}>
                  <input
                    type="radio"
                    id={`${fieldId(name)}-${level.id}`}
                    name={name}
                    value={level.id}
                    checked={values[name] === level.id}
                  />
                  <label for={`${fieldId(name)}-${level.id}`} lang={locale}>
                    {t('peerReview.levelPoints', {
                      description: pick(level.description, locale),
                      points: level.points,
                    })}
                  </label>
                </div>
              ))}
            </fieldset>
          );
        })}
        <TextArea
          c={c}
          name="comment"
          label={t('peerReview.comment')}
          hint={t('peerReview.commentHint', { max: COMMENT_MAX })}
          errors={errors}
          value={values.comment}
          required
          rows={6}
        />
        <button type="submit">{t('peerReview.sendReview')}</button>
      </Form>
    </Layout>
  );
}
