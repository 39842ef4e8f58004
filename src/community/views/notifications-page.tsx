import { Checkbox, Form } from '../../platform/views/form.tsx';
import { Layout } from '../../platform/views/layout.tsx';
import { Notice } from '../../platform/views/notice.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import type { NotificationItem } from '../community.ts';

export function NotificationsPage({
  c,
  items,
  unread,
  digest,
  notice,
}: {
  c: PageContext;
  items: NotificationItem[];
  unread: number;
  digest: boolean;
  notice?: string;
}) {
  const { t } = c;
  return (
    <Layout c={c} title={t('community.notifications.title')} styles={['css/community.css']} noindex>
      <h1>{t('community.notifications.title')}</h1>
      <Notice c={c} message={notice} />
      <p class="meta">{t('community.notifications.unread', { count: unread })}</p>
      {items.length ? (
        <>
          <ul class="notification-list">
            {items.map((n) => (
              <li key={n.id} class={n.read ? 'notification' : 'notification unread'}>
                {n.read ? null : <strong class="status-tag">{t('community.notifications.new')} </strong>}
                <a href={c.href(`/discussions/${n.threadId}#post-${n.postId}`)}>
                  {t('community.notifications.reply', { name: n.actorName, title: n.threadTitle })}
                </a>{' '}
                <time class="meta" dateTime={n.createdAt}>
                  {c.formatDate(n.createdAt)}
                </time>
              </li>
            ))}
          </ul>
          {unread ? (
            <Form c={c} action={c.href('/notifications/read')}>
              <button type="submit" class="button button-secondary">
                {t('community.notifications.markRead')}
              </button>
            </Form>
          ) : null}
        </>
      ) : (
        <p>{t('community.notifications.none')}</p>
      )}
      <section aria-labelledby="digest-title">
        <h2 id="digest-title">{t('community.notifications.digestTitle')}</h2>
        <Form c={c} action={c.href('/notifications/settings')}>
          <Checkbox
            c={c}
            name="digest"
            label={t('community.notifications.digestLabel')}
            hint={t('community.notifications.digestHint')}
            errors={{}}
            checked={digest}
          />
          <button type="submit" class="button">
            {t('community.notifications.save')}
          </button>
        </Form>
      </section>
    </Layout>
  );
}
