import { Form } from '../../platform/views/form.tsx';
import { Layout } from '../../platform/views/layout.tsx';
import { Notice } from '../../platform/views/notice.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import type { PublicCertificate } from './verify-page.tsx';

interface CertificatePageProps {
  c: PageContext;
  cert: PublicCertificate;
  verifyUrl: string;
  linkedInUrl: string;
  notice?: string;
}

/** The learner's own view of a certificate: downloads, sharing and privacy. */
export function CertificatePage({ c, cert, verifyUrl, linkedInUrl, notice }: CertificatePageProps) {
  const { t } = c;
  return (
    <Layout c={c} title={t('certificates.yourCertificate')} noindex>
      <h1>{t('certificates.yourCertificate')}</h1>
      <Notice c={c} message={notice} />
      <p class="lead">{t('certificates.intro', { course: cert.courseTitle })}</p>
      {cert.revoked ? (
        <p class="error-summary" role="status">
          {t('certificates.revokedOn', { date: c.formatDate(cert.revokedAt!) })}
        </p>
      ) : null}
      <dl class="course-facts">
        <dt>{t('certificates.awardedTo')}</dt>
        <dd dir="auto">{cert.learnerName}</dd>
        <dt>{t('certificates.issuedOn')}</dt>
        <dd>{c.formatDate(cert.issuedAt)}</dd>
        <dt>{t('certificates.verifyAt')}</dt>
        <dd>
          <a href={verifyUrl}>{verifyUrl}</a>
        </dd>
      </dl>
      <h2>{t('certificates.downloads')}</h2>
      <ul>
        <li>
          <a href={`/certificates/${cert.id}/certificate.pdf?locale=${c.locale}`}>
            {t('certificates.downloadPdf')}
          </a>
        </li>
        <li>
          <a href={`/certificates/${cert.id}/credential.json`} type="application/json">
            {t('certificates.downloadJson')}
          </a>
        </li>
        <li>
          <a href={`/certificates/${cert.id}/credential.jwt`}>{t('certificates.downloadJwt')}</a>
        </li>
        <li>
          <a href={linkedInUrl} rel="noopener">
            {t('certificates.addToLinkedIn')}
          </a>
        </li>
      </ul>
      <h2>{t('certificates.privacyTitle')}</h2>
      <p>{t(cert.private ? 'certificates.isPrivate' : 'certificates.isPublic')}</p>
      <Form c={c} action={c.href(`/certificates/${cert.id}/privacy`)}>
        <input type="hidden" name="private" value={cert.private ? '' : 'yes'} />
        <button type="submit" class="button button-secondary">
          {t(cert.private ? 'certificates.makePublic' : 'certificates.makePrivate')}
        </button>
      </Form>
    </Layout>
  );
}
