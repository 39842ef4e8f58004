import { Form } from '../../platform/views/form.tsx';
import { Layout } from '../../platform/views/layout.tsx';
import { Notice } from '../../platform/views/notice.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import type { AuditEntry, QueueItem, Suspension } from '../community.ts';
import { authorLabel, ModeratorTools, ReasonFields } from './post-parts.tsx';

const STYLES = ['css/community.css'];

function QueueEntry({ c, item }: { c: PageContext; item: QueueItem }) {
  const { t } = c;
  const { post, thread } = item;
  return (
    <li class="card queue-item" id={`queue-${post.id}`}>
      <h3 dir="auto">
        <a href={c.href(`/discussions/${thread.id}#post-${post.id}`)}>{thread.title}</a>
      </h3>
      <p class="post-meta">
        <span dir="auto">{authorLabel(c, post.authorName)}</span> ·{' '}
        <time dateTime={post.createdAt}>{c.formatDate(post.createdAt)}</time> ·{' '}
        {t(`community.status.${post.status}`)}
      </p>
      {/* Sanitized when written; moderators read the full text, hidden or not. */}
      <div
        class="post-body"
        lang={post.language}
        dir="auto"
        dangerouslySetInnerHTML={{ __html: post.bodyHtml }}
      />
      {item.reports.length ? (
        <ul class="report-list">
          {item.reports.map((r) => (
            <li key={r.id}>
              {t('community.moderation.reportedBy', {
                name: r.reporterName,
                reason: t(`community.reasons.${r.reason}`),
              })}
              {r.note ? (
                <>
                  {' '}
                  — <q dir="auto">{r.note}</q>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <ModeratorTools c={c} post={post} back="/moderation" />
      {item.reports.length ? (
        <Form
          c={c}
          action={c.href(`/moderation/posts/${post.id}/dismiss?next=${encodeURIComponent('/moderation')}`)}
          class="mod-form"
          label={t('community.moderation.dismiss')}
        >
          <ReasonFields c={c} idSuffix={`dismiss-${post.id}`} />
          <button type="submit" class="button button-secondary button-small">
            {t('community.moderation.dismiss')}
          </button>
        </Form>
      ) : null}
    </li>
  );
}

export function ModerationPage({
  c,
  reported,
  held,
  suspensions,
  log,
  notice,
}: {
  c: PageContext;
  reported: QueueItem[];
  held: QueueItem[];
  suspensions: Suspension[];
  log: AuditEntry[];
  notice?: string;
}) {
  const { t } = c;
  return (
    <Layout c={c} title={t('community.moderation.title')} styles={STYLES} noindex>
      <h1>{t('community.moderation.title')}</h1>
      <Notice c={c} message={notice} />
      <section aria-labelledby="reported-title">
        <h2 id="reported-title">{t('community.moderation.reported', { count: reported.length })}</h2>
        {reported.length ? (
          <ul class="queue">
            {reported.map((item) => (
              <QueueEntry c={c} item={item} key={item.post.id} />
            ))}
          </ul>
        ) : (
          <p>{t('community.moderation.nothingReported')}</p>
        )}
      </section>
      <section aria-labelledby="held-title">
        <h2 id="held-title">{t('community.moderation.held', { count: held.length })}</h2>
        {held.length ? (
          <ul class="queue">
            {held.map((item) => (
              <QueueEntry c={c} item={item} key={item.post.id} />
            ))}
          </ul>
        ) : (
          <p>{t('community.moderation.nothingHeld')}</p>
        )}
      </section>
      <section aria-labelledby="suspensions-title">
        <h2 id="suspensions-title">{t('community.moderation.suspensions')}</h2>
        {suspensions.length ? (
          <ul class="queue">
            {suspensions.map((s) => {
              const [code = '', ...rest] = s.reason.split(': ');
              return (
                <li key={s.id} class="card">
                  <p>
                    {t('community.moderation.suspendedUntil', {
                      name: s.userName,
                      until: c.formatDate(s.until),
                    })}{' '}
                    ({t(`community.reasons.${code}`)}
                    {rest.length ? `: ${rest.join(': ')}` : ''})
                  </p>
                  <Form
                    c={c}
                    action={c.href(`/moderation/suspensions/${s.id}/lift`)}
                    class="mod-form"
                    label={t('community.moderation.lift')}
                  >
                    <ReasonFields c={c} idSuffix={`lift-${s.id}`} />
                    <button type="submit" class="button button-secondary button-small">
                      {t('community.moderation.lift')}
                    </button>
                  </Form>
                </li>
              );
            })}
          </ul>
        ) : (
          <p>{t('community.moderation.noSuspensions')}</p>
        )}
      </section>
      <section aria-labelledby="log-title">
        <h2 id="log-title">{t('community.moderation.log')}</h2>
        {log.length ? (
          <div class="table-scroll">
            <table class="audit-table">
              <caption class="visually-hidden">{t('community.moderation.log')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('community.moderation.when')}</th>
                  <th scope="col">{t('community.moderation.who')}</th>
                  <th scope="col">{t('community.moderation.what')}</th>
                  <th scope="col">{t('community.moderation.why')}</th>
                </tr>
              </thead>
              <tbody>
                {log.map((entry) => (
                  <tr key={entry.id}>
                    <td>
                      <time dateTime={entry.createdAt}>{c.formatDate(entry.createdAt)}</time>
                    </td>
                    <td dir="auto">{entry.actorName}</td>
                    <td>
                      {t(`community.actions.${entry.action}`)}{' '}
                      {entry.targetType === 'discussion_post' ? (
                        <a href={c.href(`/moderation/posts/${entry.targetId}`)}>
                          {t('community.moderation.thePost')}
                        </a>
                      ) : entry.targetType === 'discussion_thread' ? (
                        <a href={c.href(`/discussions/${entry.targetId}`)}>
                          {t('community.moderation.theThread')}
                        </a>
                      ) : null}
                    </td>
                    <td dir="auto">
                      {entry.reason.code ? t(`community.reasons.${entry.reason.code}`) : ''}
                      {entry.reason.note ? `: ${entry.reason.note}` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t('community.moderation.emptyLog')}</p>
        )}
      </section>
    </Layout>
  );
}
