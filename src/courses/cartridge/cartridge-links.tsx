import { isLocale } from '../../platform/i18n/locales.ts';
import type { PageContext } from '../../platform/views/page-context.ts';
import type { CourseVersion } from '../course-store.ts';
import { CARTRIDGE_CONTENT_TYPE } from './build-cartridge.ts';

/** The course page's download links: one Common Cartridge per language of the course. */
export function CartridgeLinks({
  c,
  course,
  preview,
}: {
  c: PageContext;
  course: CourseVersion;
  preview: boolean;
}) {
  const { t } = c;
  const { pkg } = course;
  const href = (locale: string) => {
    const query = new URLSearchParams({ locale });
    if (preview) query.set('version', String(course.number));
    return c.href(`/courses/${pkg.slug}/export.imscc?${query}`);
  };
  return (
    <section class="course-export" aria-labelledby="course-export-title" lang={c.locale}>
      <h2 id="course-export-title">{t('cartridge.title')}</h2>
      <p>{t('cartridge.intro')}</p>
      <ul>
        {pkg.languages.map((locale) => (
          <li key={locale}>
            <a href={href(locale)} download="" hreflang={locale} type={CARTRIDGE_CONTENT_TYPE}>
              {t('cartridge.downloadIn', { language: isLocale(locale) ? t(`languages.${locale}`) : locale })}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
