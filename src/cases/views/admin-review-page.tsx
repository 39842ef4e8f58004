import { Form } from '../../platform/views/form.tsx';
import { Layout } from '../../platform/views/layout.tsx';
import { Notice } from '../../platform/views/notice.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import type { Call } from '../calls.ts';
import { DECISIONS } from '../decisions.ts';
import { inLocale } from '../localized.ts';

export interface AdminCaseRow {
  id: string;
  title: string;
  owner: string;
  ownerEmail: string;
  decision: string | null;
  mean: number | null;
  spread: number | null;
  disagreement: boolean;
  reviewers: { id: string; name: string; state: 'declined' | 'submitted' | 'pending' }[];
  /** Group members who may still be assigned (no conflict, not already assigned). */
  assignable: { id: string; name: string }[];
}

export interface ConflictRow {
  submission_id: string;
  reviewer_id: string;
  source: string;
  status: string;
  note: string;
  title: string;
  name: string;
}

export function AdminReviewPage({
  c,
  call,
  cases,
  conflicts,
  notice,
}: {
  c: PageContext;
  call: Call;
  cases: AdminCaseRow[];
  conflicts: ConflictRow[];
  notice?: string;
}) {
  const { t } = c;
  const base = `/admin/calls/${call.id}/review`;
  return (
    <Layout c={c} title={t('adminReview.title', { call: inLocale(call.title, c.locale) })} noindex>
      <h1>{t('adminReview.title', { call: inLocale(call.title, c.locale) })}</h1>
      <p class="meta">{t(`calls.phases.${call.phase}`)}</p>
      <Notice c={c} message={notice} />
      <div class="button-row">
        <Form c={c} action={c.href(`${base}/assign`)} class="inline-form">
          <button type="submit" class="button">
            {t('adminReview.autoAssign')}
          </button>
        </Form>
        {call.phase === 'decision' ? (
          <Form c={c} action={c.href(`${base}/release`)} class="inline-form">
            <button type="submit" class="button button-danger">
              {t('adminReview.release')}
            </button>
          </Form>
        ) : null}
      </div>
      {cases.length === 0 ? <p>{t('adminReview.none')}</p> : null}
      {cases.map((row) => (
        <section class="card" key={row.id} aria-labelledby={`case-${row.id}`}>
          <h2 id={`case-${row.id}`} dir="auto">
            <a href={c.href(`/submissions/${row.id}`)}>{row.title}</a>
          </h2>
          <p class="meta" dir="auto">
            {row.owner} · <span dir="ltr">{row.ownerEmail}</span>
          </p>
          <p>
            {row.mean === null
              ? t('review.noScores')
              : t('review.aggregate', {
                  mean: Math.round(row.mean),
                  spread: Math.round(row.spread ?? 0),
                  count: row.reviewers.filter((r) => r.state === 'submitted').length,
                })}
            {row.disagreement ? <strong> {t('review.disagreement')}</strong> : null}
          </p>
          <ul>
            {row.reviewers.map((r) => (
              <li key={r.id}>
                {r.name} — {t(`adminReview.states.${r.state}`)}
                <Form c={c} action={c.href(`${base}/unassign`)} class="inline-form">
                  <input type="hidden" name="submission" value={row.id} />
                  <input type="hidden" name="reviewer" value={r.id} />{' '}
                  <button type="submit" class="link-button">
                    {t('adminReview.unassign', { name: r.name })}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
          {row.assignable.length ? (
            <Form c={c} action={c.href(`${base}/assign-one`)} class="search-row">
              <input type="hidden" name="submission" value={row.id} />
              <div class="field">
                <label for={`assign-${row.id}`}>{t('adminReview.addReviewer')}</label>
                <select id={`assign-${row.id}`} name="reviewer">
                  {row.assignable.map((r) => (
                    <option value={r.id} key={r.id}>
                      {r.name}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" class="button button-small">
                {t('adminReview.assign')}
              </button>
            </Form>
          ) : null}
          <Form c={c} action={c.href(`${base}/decide`)} class="search-row">
            <input type="hidden" name="submission" value={row.id} />
            <div class="field">
              <label for={`decision-${row.id}`}>{t('adminReview.decision')}</label>
              <select id={`decision-${row.id}`} name="decision">
                <option value="">{t('adminReview.undecided')}</option>
                {DECISIONS.map((d) => (
                  <option value={d} selected={row.decision === d} key={d}>
                    {t(`adminReview.decisions.${d}`)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" class="button button-small">
              {t('adminReview.record')}
            </button>
          </Form>
        </section>
      ))}
      <section aria-labelledby="conflicts-title">
        <h2 id="conflicts-title">{t('adminReview.conflicts')}</h2>
        {conflicts.length === 0 ? <p>{t('adminReview.noConflicts')}</p> : null}
        <ul>
          {conflicts.map((conflict) => (
            <li key={conflict.submission_id + conflict.reviewer_id}>
              <span dir="auto">{conflict.name}</span> — <span dir="auto">{conflict.title}</span>:{' '}
              {t(`adminReview.sources.${conflict.source}`)}, {t(`adminReview.statuses.${conflict.status}`)}
              {conflict.note ? ` (${conflict.note})` : ''}
              {conflict.status === 'confirmed' || conflict.status === 'cleared'
                ? null
                : (['confirmed', 'cleared'] as const).map((status) => (
                    <Form c={c} action={c.href(`${base}/conflict`)} class="inline-form" key={status}>
                      <input type="hidden" name="submission" value={conflict.submission_id} />
                      <input type="hidden" name="reviewer" value={conflict.reviewer_id} />
                      <input type="hidden" name="status" value={status} />{' '}
                      <button type="submit" class="button button-small button-secondary">
                        {t(`adminReview.conflictActions.${status}`, { name: conflict.name })}
                      </button>
                    </Form>
                  ))}
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}
