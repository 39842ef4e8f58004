import { Form } from '../../platform/views/form.tsx';
import { Layout } from '../../platform/views/layout.tsx';
import { Notice } from '../../platform/views/notice.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import { acceptsSubmissions, type Call, nextPhase } from '../calls.ts';
import { inLocale } from '../localized.ts';

/** A date-time in the call's own time zone, with the zone named, in the page's language. */
export function callTime(c: PageContext, iso: string, zone: string): string {
  // dateStyle cannot be combined with timeZoneName, so the parts are named one by one.
  return new Intl.DateTimeFormat(c.locale, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: zone,
    timeZoneName: 'short',
  }).format(new Date(iso));
}

function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\r?\n\s*\r?\n/)
        .filter(Boolean)
        .map((p, i) => (
          <p key={i}>{p}</p>
        ))}
    </>
  );
}

export function CallsIndexPage({ c, calls }: { c: PageContext; calls: Call[] }) {
  const { t } = c;
  return (
    <Layout c={c} title={t('calls.indexTitle')} description={t('calls.indexIntro')}>
      <h1>{t('calls.indexTitle')}</h1>
      <p class="lead">{t('calls.indexIntro')}</p>
      {calls.length === 0 ? <p>{t('calls.none')}</p> : null}
      <ul class="card-grid">
        {calls.map((call) => (
          <li class="card" key={call.id}>
            <h2>
              <a href={c.href(`/calls/${call.slug}`)}>{inLocale(call.title, c.locale)}</a>
            </h2>
            <p class="meta">
              {t(`calls.phases.${call.phase}`)} ·{' '}
              {t('calls.closes', { date: callTime(c, call.closesAt, call.timeZone) })}
            </p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function CallPage({ c, call }: { c: PageContext; call: Call }) {
  const { t } = c;
  const open = acceptsSubmissions(call);
  const faq = call.faq[c.locale] ?? call.faq.en ?? [];
  return (
    <Layout
      c={c}
      title={inLocale(call.title, c.locale)}
      description={inLocale(call.description, c.locale).slice(0, 200)}
    >
      <article class="prose">
        <h1>{inLocale(call.title, c.locale)}</h1>
        <p class="meta">{t(`calls.phases.${call.phase}`)}</p>
        <Paragraphs text={inLocale(call.description, c.locale)} />
        <dl class="course-facts">
          <dt>{t('calls.fields.opensAt')}</dt>
          <dd>{callTime(c, call.opensAt, call.timeZone)}</dd>
          <dt>{t('calls.fields.closesAt')}</dt>
          <dd>{callTime(c, call.closesAt, call.timeZone)}</dd>
          <dt>{t('calls.fields.practiceTypes')}</dt>
          <dd>{call.practiceTypes.map((p) => t(`taxonomy.practiceTypes.${p}`)).join('; ')}</dd>
          <dt>{t('calls.fields.stakeholderTypes')}</dt>
          <dd>{call.stakeholderTypes.map((p) => t(`taxonomy.stakeholderTypes.${p}`)).join('; ')}</dd>
          <dt>{t('calls.fields.languages')}</dt>
          <dd>{call.languages.map((l) => t(`languages.${l}`)).join(', ')}</dd>
          <dt>{t('calls.fields.blindMode')}</dt>
          <dd>{t(`calls.blind.${call.blindMode}`)}</dd>
        </dl>
        {open ? (
          <p>
            <a class="button" href={c.href(`/calls/${call.slug}/submissions/new`)}>
              {t('calls.submitCase')}
            </a>
          </p>
        ) : (
          <p class="notice">{t(call.phase === 'open' ? 'calls.notAcceptingNow' : 'calls.closed')}</p>
        )}
        {inLocale(call.guidance, c.locale) ? (
          <section aria-labelledby="guidance-title">
            <h2 id="guidance-title">{t('calls.fields.guidance')}</h2>
            <Paragraphs text={inLocale(call.guidance, c.locale)} />
          </section>
        ) : null}
        <section aria-labelledby="rubric-title">
          <h2 id="rubric-title">{t('calls.rubricTitle')}</h2>
          <p>{t('calls.rubricIntro')}</p>
          <ul>
            {call.rubric.map((criterion) => (
              <li key={criterion.id}>
                {inLocale(criterion.label, c.locale)} —{' '}
                {t('calls.criterionFacts', { scale: criterion.scale, weight: criterion.weight })}
                {criterion.required ? ` (${t('calls.fields.required')})` : ''}
              </li>
            ))}
          </ul>
        </section>
        {faq.length ? (
          <section aria-labelledby="faq-title">
            <h2 id="faq-title">{t('calls.faqTitle')}</h2>
            {faq.map((entry) => (
              <details key={entry.question}>
                <summary>{entry.question}</summary>
                <Paragraphs text={entry.answer} />
              </details>
            ))}
          </section>
        ) : null}
      </article>
    </Layout>
  );
}

export function AdminCallsPage({ c, calls, notice }: { c: PageContext; calls: Call[]; notice?: string }) {
  const { t } = c;
  return (
    <Layout c={c} title={t('calls.adminTitle')} noindex>
      <h1>{t('calls.adminTitle')}</h1>
      <Notice c={c} message={notice} />
      <p>
        <a class="button" href={c.href('/admin/calls/new')}>
          {t('calls.newCall')}
        </a>
      </p>
      <div class="table-scroll">
        <table>
          <caption class="visually-hidden">{t('calls.adminTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('calls.fields.title')}</th>
              <th scope="col">{t('calls.phase')}</th>
              <th scope="col">{t('calls.fields.closesAt')}</th>
              <th scope="col">{t('adminCourses.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {calls.map((call) => {
              const next = nextPhase(call.phase);
              return (
                <tr key={call.id}>
                  <td>
                    <a href={c.href(`/calls/${call.slug}`)}>{inLocale(call.title, c.locale)}</a>
                  </td>
                  <td>{t(`calls.phases.${call.phase}`)}</td>
                  <td>{callTime(c, call.closesAt, call.timeZone)}</td>
                  <td>
                    <a href={c.href(`/admin/calls/${call.id}/edit`)}>{t('calls.edit')}</a> ·{' '}
                    <a href={c.href(`/admin/calls/${call.id}/review`)}>{t('calls.reviewLink')}</a>
                    {next ? (
                      <Form c={c} action={c.href(`/admin/calls/${call.id}/phase`)} class="inline-form">
                        <input type="hidden" name="to" value={next} />{' '}
                        <button type="submit" class="button button-small">
                          {t('calls.moveTo', { phase: t(`calls.phases.${next}`) })}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
