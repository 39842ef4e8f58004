import { Layout } from '../../platform/views/layout.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';

export interface PublicCertificate {
  id: string;
  revoked: boolean;
  revokedAt: string | null;
  revokedReason: string | null;
  private: boolean;
  learnerName: string;
  courseTitle: string;
  courseHref: string;
  achievement: string;
  issuedAt: string;
  issuerName: string;
  issuerUrl: string;
}

/** The public page anyone uses to check a certificate, without trusting a screenshot. */
export function VerifyPage({ c, cert }: { c: PageContext; cert: PublicCertificate }) {
  const { t } = c;
  const status = cert.revoked ? 'revoked' : 'valid';
  return (
    <Layout c={c} title={t('certificates.verifyTitle')} noindex={cert.private}>
      <h1>{t('certificates.verifyTitle')}</h1>
      <div class={`verify-status verify-${status}`} role="status">
        <p class="verify-verdict">
          <strong>{t(cert.revoked ? 'certificates.revoked' : 'certificates.valid')}</strong>
        </p>
        {cert.revoked ? (
          <p>
            {t('certificates.revokedOn', { date: c.formatDate(cert.revokedAt!) })}
            {cert.revokedReason ? ` ${t('certificates.reason', { reason: cert.revokedReason })}` : ''}
          </p>
        ) : null}
      </div>
      {cert.private ? (
        <p>{t('certificates.privateNotice')}</p>
      ) : (
        <dl class="course-facts">
          <dt>{t('certificates.awardedTo')}</dt>
          <dd dir="auto">{cert.learnerName}</dd>
          <dt>{t('certificates.course')}</dt>
          <dd>
            <a href={cert.courseHref}>{cert.courseTitle}</a>
          </dd>
          <dt>{t('certificates.achievement')}</dt>
          <dd>{cert.achievement}</dd>
          <dt>{t('certificates.issuedOn')}</dt>
          <dd>{c.formatDate(cert.issuedAt)}</dd>
          <dt>{t('certificates.issuedBy')}</dt>
          <dd>
            <a href={cert.issuerUrl}>{cert.issuerName}</a>
          </dd>
          <dt>{t('certificates.id')}</dt>
          <dd>
            <code>{cert.id}</code>
          </dd>
        </dl>
      )}
      {cert.private ? null : <p>{t('certificates.howToVerify')}</p>}
      {cert.private ? null : (
        <ul>
          <li>
            <a href={`/certificates/${cert.id}/credential.json`} type="application/json">
              {t('certificates.downloadJson')}
            </a>
          </li>
          <li>
            <a href="/.well-known/did.json" type="application/json">
              {t('certificates.issuerKeys')}
            </a>
          </li>
        </ul>
      )}
    </Layout>
  );
}
