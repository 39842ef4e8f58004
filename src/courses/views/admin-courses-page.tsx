import { Form } from '../../platform/views/form.tsx';
import { Layout } from '../../platform/views/layout.tsx';
import { Notice } from '../../platform/views/notice.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';

export interface AdminCourse {
  slug: string;
  title: string;
  versions: { number: number; importedAt: string; publishedAt: string | null; current: boolean }[];
}

export function AdminCoursesPage({
  c,
  courses,
  notice,
}: {
  c: PageContext;
  courses: AdminCourse[];
  notice?: string;
}) {
  const { t } = c;
  return (
    <Layout c={c} title={t('adminCourses.title')} noindex>
      <h1>{t('adminCourses.title')}</h1>
      <p>{t('adminCourses.intro')}</p>
      <Notice c={c} message={notice} />
      {courses.length === 0 ? <p>{t('courses.none')}</p> : null}
      {courses.map((course) => (
        <section class="card" key={course.slug} aria-labelledby={`admin-course-${course.slug}`}>
          <h2 id={`admin-course-${course.slug}`}>{course.title}</h2>
          <div class="table-scroll">
            <table>
              <caption class="visually-hidden">
                {t('adminCourses.versionsOf', { course: course.title })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('adminCourses.version')}</th>
                  <th scope="col">{t('adminCourses.imported')}</th>
                  <th scope="col">{t('adminCourses.status')}</th>
                  <th scope="col">{t('adminCourses.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {course.versions.map((v) => (
                  <tr key={v.number}>
                    <td>{v.number}</td>
                    <td>{c.formatDate(v.importedAt)}</td>
                    <td>
                      {t(
                        v.current
                          ? 'adminCourses.live'
                          : v.publishedAt
                            ? 'adminCourses.earlier'
                            : 'adminCourses.draft',
                      )}
                    </td>
                    <td>
                      <a href={c.href(`/courses/${course.slug}?version=${v.number}`)}>
                        {t('adminCourses.preview', { version: v.number })}
                      </a>
                      {v.current ? null : (
                        <Form
                          c={c}
                          action={c.href(`/admin/courses/${course.slug}/versions/${v.number}/publish`)}
                          class="inline-form"
                        >
                          {' '}
                          <button type="submit" class="button button-small">
                            {t('adminCourses.publish', { version: v.number })}
                          </button>
                        </Form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </Layout>
  );
}
