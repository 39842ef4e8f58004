import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CourseStore } from '../courses/course-store.ts';
import { contentLocale, pick } from '../courses/localize.ts';
import { notFound } from '../platform/http/errors.ts';
import { checked, text } from '../platform/http/form-body.ts';
import { direction, isLocale, type Locale } from '../platform/i18n/locales.ts';
import { translator } from '../platform/i18n/messages.ts';
import { authorize, can } from '../platform/policy.ts';
import { sendPage } from '../platform/views/render.ts';
import type { CertificateRow, CertificateService } from './certificate-service.ts';
import { STATUS_LIST_PATH } from './certificate-service.ts';
import { linkedInAddToProfileUrl } from './linkedin.ts';
import { renderCertificatePdf } from './pdf/certificate-pdf.ts';
import { type AdminCertificate, AdminCertificatesPage } from './views/admin-certificates-page.tsx';
import { CertificatePage } from './views/certificate-page.tsx';
import { type PublicCertificate, VerifyPage } from './views/verify-page.tsx';

interface Options {
  certificates: CertificateService;
  courses: CourseStore;
  issuerName: string;
  issuerUrl: string;
  publicUrl: string;
}

export function registerCredentialRoutes(app: FastifyInstance, options: Options) {
  const { certificates, courses, issuerName, issuerUrl, publicUrl } = options;

  async function publicView(cert: CertificateRow, locale: string): Promise<PublicCertificate> {
    const credential = JSON.parse(cert.credential) as {
      credentialSubject: { achievement: { description: string } };
    };
    const course = await courses.version(cert.course_slug);
    const shown = course ? contentLocale(course.pkg, locale).locale : 'en';
    return {
      id: cert.id,
      revoked: cert.revoked_at !== null,
      revokedAt: cert.revoked_at,
      revokedReason: cert.revoked_reason,
      private: cert.private === 1,
      learnerName: cert.display_name,
      courseTitle: course ? pick(course.pkg.title, shown) : cert.course_slug,
      courseHref: `/${locale}/courses/${cert.course_slug}`,
      achievement: credential.credentialSubject.achievement.description,
      issuedAt: cert.issued_at,
      issuerName,
      issuerUrl,
    };
  }

  /** The certificate, when the viewer may see its details: anyone while public, only its holder while private. */
  async function visible(request: FastifyRequest, id: string): Promise<CertificateRow> {
    const cert = await certificates.find(id);
    if (!cert) throw notFound();
    if (cert.private === 1 && !can(request.user, 'certificates.manage', cert)) throw notFound();
    return cert;
  }

  // Published issuer material: what a verifier needs, without trusting any page.
  app.get(certificates.didPath, { config: { skipSession: true } }, async (_request, reply) =>
    reply
      .header('access-control-allow-origin', '*')
      .type('application/did+json')
      .send(await certificates.didDocument()),
  );
  app.get('/.well-known/jwks.json', { config: { skipSession: true } }, async (_request, reply) =>
    reply.header('access-control-allow-origin', '*').send(await certificates.jwks()),
  );
  app.get(STATUS_LIST_PATH, { config: { skipSession: true } }, async (_request, reply) =>
    reply
      .header('access-control-allow-origin', '*')
      .header('cache-control', 'public, max-age=300')
      .type('application/vc+ld+json')
      .send(await certificates.statusListCredential()),
  );

  app.get('/:locale/verify/:id', async (request, reply) => {
    const cert = await certificates.find((request.params as { id: string }).id);
    if (!cert) throw notFound();
    const view = await publicView(cert, request.locale);
    // A private certificate's page says only that it exists and is valid (or revoked).
    return sendPage(reply, VerifyPage({ c: reply.pageContext(), cert: view }));
  });

  app.get('/:locale/certificates/:id', async (request, reply) => {
    const cert = await certificates.find((request.params as { id: string }).id);
    if (!cert) throw notFound();
    authorize(request.user, 'certificates.manage', cert);
    const view = await publicView(cert, request.locale);
    const verifyUrl = `${publicUrl}/${request.locale}/verify/${cert.id}`;
    const linkedInUrl = linkedInAddToProfileUrl({
      name: view.courseTitle,
      organizationName: issuerName,
      issuedAt: cert.issued_at,
      certUrl: verifyUrl,
      certId: cert.id,
    });
    const notice =
      (request.query as { done?: string }).done === 'privacy' ? 'certificates.privacySaved' : undefined;
    return sendPage(
      reply,
      CertificatePage({ c: reply.pageContext(), cert: view, verifyUrl, linkedInUrl, notice }),
    );
  });

  app.post('/:locale/certificates/:id/privacy', async (request, reply) => {
    const cert = await certificates.find((request.params as { id: string }).id);
    if (!cert) throw notFound();
    authorize(request.user, 'certificates.manage', cert);
    await certificates.setPrivate(cert.id, checked(request.body, 'private'));
    return reply.redirect(`/${request.locale}/certificates/${cert.id}?done=privacy`, 303);
  });

  app.get('/certificates/:id/credential.json', async (request, reply) => {
    const cert = await visible(request, (request.params as { id: string }).id);
    return reply
      .header('content-disposition', `attachment; filename="praxis-certificate-${cert.id}.json"`)
      .header('access-control-allow-origin', '*')
      .type('application/vc+ld+json')
      .send(cert.credential);
  });

  app.get('/certificates/:id/credential.jwt', async (request, reply) => {
    const cert = await visible(request, (request.params as { id: string }).id);
    return reply
      .header('content-disposition', `attachment; filename="praxis-certificate-${cert.id}.jwt"`)
      .type('application/vc+jwt')
      .send(cert.credential_jwt);
  });

  app.get('/certificates/:id/certificate.pdf', async (request, reply) => {
    const cert = await certificates.find((request.params as { id: string }).id);
    if (!cert) throw notFound();
    authorize(request.user, 'certificates.manage', cert);
    const requested = (request.query as { locale?: string }).locale;
    const locale: Locale = isLocale(requested) ? requested : isLocale(cert.locale) ? cert.locale : 'en';
    const t = translator(locale);
    const view = await publicView(cert, locale);
    const pdf = await renderCertificatePdf({
      locale,
      dir: direction(locale),
      learnerName: cert.display_name,
      courseTitle: view.courseTitle,
      achievement: view.achievement,
      issuedOn: new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
        new Date(cert.issued_at),
      ),
      issuerName,
      verifyUrl: `${publicUrl}/${locale}/verify/${cert.id}`,
      certificateId: cert.id,
      labels: {
        title: t('certificates.pdfTitle'),
        awardedTo: t('certificates.pdfAwardedTo'),
        forCompleting: t('certificates.pdfForCompleting'),
        issuedOn: t('certificates.issuedOn'),
        issuedBy: t('certificates.issuedBy'),
        verifyAt: t('certificates.verifyAt'),
        id: t('certificates.id'),
      },
    });
    return reply
      .header('content-disposition', `attachment; filename="praxis-certificate-${cert.id}.pdf"`)
      .header('cache-control', 'private, no-store')
      .type('application/pdf')
      .send(Buffer.from(pdf));
  });

  async function adminPage(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { failed?: { id: string; errors: Record<string, string>; reason: string }; notice?: string } = {},
    status = 200,
  ) {
    const query = String((request.query as { q?: string }).q ?? '').slice(0, 200);
    const rows = await certificates.search(query);
    const list: AdminCertificate[] = [];
    for (const row of rows) {
      const course = await courses.version(row.course_slug);
      list.push({
        id: row.id,
        learnerName: row.display_name,
        email: row.email,
        courseTitle: course
          ? pick(course.pkg.title, contentLocale(course.pkg, request.locale).locale)
          : row.course_slug,
        issuedAt: row.issued_at,
        revokedAt: row.revoked_at,
        revokedReason: row.revoked_reason,
      });
    }
    return sendPage(
      reply,
      AdminCertificatesPage({ c: reply.pageContext(), certificates: list, query, ...extra }),
      status,
    );
  }

  app.get('/:locale/admin/certificates', async (request, reply) => {
    authorize(request.user, 'certificates.revoke');
    const notice =
      (request.query as { done?: string }).done === 'revoked' ? 'certificates.revokedNotice' : undefined;
    return adminPage(request, reply, { notice });
  });

  app.post('/:locale/admin/certificates/:id/revoke', async (request, reply) => {
    authorize(request.user, 'certificates.revoke');
    const cert = await certificates.find((request.params as { id: string }).id);
    if (!cert) throw notFound();
    const field = `reason-${cert.id}`;
    const reason = text(request.body, field).trim().slice(0, 500);
    if (!reason) {
      return adminPage(
        request,
        reply,
        { failed: { id: cert.id, errors: { [field]: 'certificates.errors.reasonRequired' }, reason } },
        422,
      );
    }
    await certificates.revoke(cert.id, request.user.id, reason);
    return reply.redirect(`/${request.locale}/admin/certificates?done=revoked`, 303);
  });
}
