import { Layout } from '../../platform/views/layout.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';

const AREAS = [
  { path: '/admin/users', label: 'adminHome.users' },
  { path: '/admin/courses', label: 'layout.adminCourses' },
  { path: '/admin/certificates', label: 'layout.adminCertificates' },
  { path: '/admin/calls', label: 'layout.adminCalls' },
  { path: '/admin/peer-review', label: 'adminHome.peerReview' },
  { path: '/moderation', label: 'adminHome.moderation' },
];

/** Where administrators start: one link per area they run. */
export function AdminHomePage({ c }: { c: PageContext }) {
  const { t } = c;
  return (
    <Layout c={c} title={t('layout.admin')} noindex>
      <h1>{t('layout.admin')}</h1>
      <ul class="card-grid">
        {[
          ...AREAS,
          {
            path: `/admin/transparency/report/${new Date().getUTCFullYear()}`,
            label: 'adminHome.transparencyReport',
          },
        ].map((area) => (
          <li class="card" key={area.path}>
            <a href={c.href(area.path)}>{t(area.label)}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
