import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { rotateCsrfSecret } from '../platform/http/csrf.ts';
import { notFound } from '../platform/http/errors.ts';
import { list, pageNumber, safeNext, text } from '../platform/http/form-body.ts';
import { SESSION_COOKIE } from '../platform/http/request-context.ts';
import { isLocale } from '../platform/i18n/locales.ts';
import { hashToken } from '../platform/ids.ts';
import { authorize } from '../platform/policy.ts';
import { Form } from '../platform/views/form.tsx';
import { MessagePage } from '../platform/views/message-page.tsx';
import { ROLES, type Role } from '../platform/views/page-context.ts';
import { sendPage } from '../platform/views/render.ts';
import { readStatisticsAnswers } from '../transparency/profile-fields.ts';
import {
  readChangeEmail,
  readChangePassword,
  readDeletion,
  readEmailOnly,
  readNewPassword,
  readProfile,
  readRegistration,
  readSignIn,
} from './forms.ts';
import type { PersonalDataSection } from './personal-data.ts';
import type { IdentityService } from './service.ts';
import { AccountPage, type AccountPageProps, DeleteAccountPage } from './views/account-page.tsx';
import { AdminUsersPage } from './views/admin-users-page.tsx';
import { ForgotPasswordPage, NewPasswordPage, RegisterPage, SignInPage } from './views/auth-pages.tsx';

export interface RateLimit {
  max: number;
  timeWindow: number;
}

export interface IdentityRouteOptions {
  identity: IdentityService;
  secureCookies: boolean;
  /** Per-IP limits on the endpoints an attacker would hammer. */
  limits: { signIn: RateLimit; register: RateLimit; reset: RateLimit };
  /** The other modules' parts of a person's data, for the export and for account deletion. */
  personalData?: readonly PersonalDataSection[];
}

/** Keys the identity module writes itself; a section may not take them over. */
const ACCOUNT_KEYS = new Set(['exportedAt', 'account', 'sessions', 'roleChanges']);

type Params = { locale: string; token?: string; id?: string };

const SESSION_MAX_AGE_S = 30 * 24 * 3600;

export function registerIdentityRoutes(
  app: FastifyInstance,
  { identity, secureCookies, limits, personalData = [] }: IdentityRouteOptions,
) {
  for (const section of personalData) {
    if (ACCOUNT_KEYS.has(section.name))
      throw new Error(`Personal data section "${section.name}" is reserved`);
  }
  const rateLimited = (limit: RateLimit) => ({ rateLimit: limit });
  const params = (request: FastifyRequest) => request.params as Params;
  const home = (request: FastifyRequest) => `/${request.locale}`;

  function startSession(request: FastifyRequest, reply: FastifyReply, token: string) {
    rotateCsrfSecret(request, reply, token);
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: secureCookies,
      maxAge: SESSION_MAX_AGE_S,
    });
  }

  function message(
    reply: FastifyReply,
    titleKey: string,
    bodyKey: string,
    status = 200,
    values?: Record<string, string>,
  ) {
    const c = reply.pageContext();
    return sendPage(reply, MessagePage({ c, title: c.t(titleKey), body: c.t(bodyKey, values) }), status);
  }

  /** A page whose one button uses an emailed token: link scanners that fetch the URL use nothing up. */
  function confirmPage(reply: FastifyReply, titleKey: string, bodyKey: string, action: string) {
    const c = reply.pageContext();
    return sendPage(
      reply,
      MessagePage({
        c,
        title: c.t(titleKey),
        body: c.t(bodyKey),
        children: Form({
          c,
          action,
          children: (
            <button type="submit" class="button">
              {c.t('common.confirm')}
            </button>
          ),
        }),
      }),
    );
  }

  // Registration -----------------------------------------------------------------------------------

  app.get('/:locale/register', async (request, reply) => {
    if (request.user) return reply.redirect(`/${request.locale}/account`, 303);
    return sendPage(reply, RegisterPage({ c: reply.pageContext(), values: {}, errors: {} }));
  });

  app.post('/:locale/register', { config: rateLimited(limits.register) }, async (request, reply) => {
    const { values, errors } = readRegistration(request.body);
    if (Object.keys(errors).length) {
      return sendPage(reply, RegisterPage({ c: reply.pageContext(), values, errors }), 422);
    }
    await identity.register({ ...values, locale: isLocale(values.locale) ? values.locale : request.locale });
    return reply.redirect(`/${request.locale}/register/check-email`, 303);
  });

  app.get('/:locale/register/check-email', async (_request, reply) =>
    message(reply, 'register.checkTitle', 'register.checkBody'),
  );

  app.get('/:locale/verify-email/:token', async (request, reply) =>
    confirmPage(
      reply,
      'verify.title',
      'verify.confirmBody',
      `/${request.locale}/verify-email/${params(request).token}`,
    ),
  );

  app.post('/:locale/verify-email/:token', async (request, reply) => {
    const session = await identity.verifyEmail(
      params(request).token ?? '',
      request.headers['user-agent'] ?? '',
    );
    if (!session) return message(reply, 'verify.title', 'links.invalid', 410);
    if (request.sessionToken) await identity.signOut(request.sessionToken);
    startSession(request, reply, session);
    request.user = await identity.loadSessionUser(session);
    return message(reply, 'verify.title', 'verify.done');
  });

  // Signing in and out -----------------------------------------------------------------------------

  app.get('/:locale/sign-in', async (request, reply) => {
    const next = safeNext((request.query as { next?: string }).next);
    if (request.user) return reply.redirect(`/${request.locale}${next === '/' ? '' : next}`, 303);
    const notice = (request.query as { notice?: string }).notice;
    const noticeKey =
      notice === 'reset' ? 'signIn.afterReset' : notice === 'deleted' ? 'signIn.afterDelete' : undefined;
    return sendPage(
      reply,
      SignInPage({ c: reply.pageContext(), values: {}, errors: {}, next, notice: noticeKey }),
    );
  });

  app.post('/:locale/sign-in', { config: rateLimited(limits.signIn) }, async (request, reply) => {
    const next = safeNext((request.query as { next?: string }).next);
    const { values, errors } = readSignIn(request.body);
    const c = reply.pageContext();
    if (Object.keys(errors).length) return sendPage(reply, SignInPage({ c, values, errors, next }), 422);
    const result = await identity.signIn(values.email, values.password, request.headers['user-agent'] ?? '');
    if (!result.ok) {
      const status = result.reason === 'throttled' ? 429 : 401;
      return sendPage(reply, SignInPage({ c, values, errors: {}, next, failure: result.reason }), status);
    }
    // A new sign-in replaces whatever session this browser had.
    if (request.sessionToken) await identity.signOut(request.sessionToken);
    startSession(request, reply, result.token);
    return reply.redirect(`/${request.locale}${next === '/' ? '' : next}`, 303);
  });

  app.post('/:locale/sign-out', async (request, reply) => {
    if (request.sessionToken) await identity.signOut(request.sessionToken);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    rotateCsrfSecret(request, reply, null);
    return reply.redirect(home(request), 303);
  });

  // Password reset ---------------------------------------------------------------------------------

  app.get('/:locale/forgot-password', async (_request, reply) =>
    sendPage(reply, ForgotPasswordPage({ c: reply.pageContext(), values: {}, errors: {} })),
  );

  app.post('/:locale/forgot-password', { config: rateLimited(limits.reset) }, async (request, reply) => {
    const { values, errors } = readEmailOnly(request.body);
    if (Object.keys(errors).length) {
      return sendPage(reply, ForgotPasswordPage({ c: reply.pageContext(), values, errors }), 422);
    }
    await identity.requestPasswordReset(values.email);
    return message(reply, 'forgot.sentTitle', 'forgot.sentBody');
  });

  for (const [path, purpose, titleKey] of [
    ['reset-password', 'reset-password', 'reset.title'],
    ['set-password', 'set-password', 'reset.setTitle'],
  ] as const) {
    app.get(`/:locale/${path}/:token`, async (request, reply) => {
      const token = params(request).token ?? '';
      if (!(await identity.isLiveResetToken(token, purpose)))
        return message(reply, titleKey, 'links.invalid', 410);
      const c = reply.pageContext();
      return sendPage(
        reply,
        NewPasswordPage({ c, errors: {}, action: c.href(`/${path}/${token}`), title: c.t(titleKey) }),
      );
    });

    app.post(`/:locale/${path}/:token`, { config: rateLimited(limits.reset) }, async (request, reply) => {
      const token = params(request).token ?? '';
      const c = reply.pageContext();
      const { values, errors } = readNewPassword(request.body);
      if (Object.keys(errors).length) {
        return sendPage(
          reply,
          NewPasswordPage({ c, errors, action: c.href(`/${path}/${token}`), title: c.t(titleKey) }),
          422,
        );
      }
      if (!(await identity.resetPassword(token, values.password, purpose))) {
        return message(reply, titleKey, 'links.invalid', 410);
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      rotateCsrfSecret(request, reply, null);
      return reply.redirect(`/${request.locale}/sign-in?notice=reset`, 303);
    });
  }

  // The account ------------------------------------------------------------------------------------

  async function accountPage(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Partial<AccountPageProps> = {},
    status = 200,
  ) {
    const user = request.user!;
    const row = (await identity.findById(user.id))!;
    const sessions = await identity.sessionsOf(user.id);
    const current = request.sessionToken ? hashToken(request.sessionToken) : '';
    return sendPage(
      reply,
      AccountPage({
        c: reply.pageContext(),
        profile: {
          name: row.name,
          email: row.email,
          country: row.country,
          locale: row.locale,
          gender: row.gender ?? null,
          sector: row.sector ?? null,
          verified: user.emailVerified,
        },
        sessions: sessions.map((s) => ({
          current: s.id === current,
          createdAt: s.created_at,
          lastSeenAt: s.last_seen_at,
          userAgent: s.user_agent,
        })),
        ...extra,
      }),
      status,
    );
  }

  const NOTICES: Record<string, string> = {
    profile: 'account.noticeProfile',
    email: 'account.noticeEmail',
    password: 'account.noticePassword',
    sessions: 'account.noticeSessions',
    verification: 'account.noticeVerification',
    verified: 'account.noticeVerified',
    throttled: 'account.noticeThrottled',
    'email-changed': 'account.noticeEmailChanged',
  };

  app.get('/:locale/account', async (request, reply) => {
    authorize(request.user, 'account.manage');
    const notice = NOTICES[(request.query as { done?: string }).done ?? ''];
    return accountPage(request, reply, { notice });
  });

  const done = (request: FastifyRequest, reply: FastifyReply, what: string) =>
    reply.redirect(`/${request.locale}/account?done=${what}`, 303);

  app.post('/:locale/account/profile', async (request, reply) => {
    authorize(request.user, 'account.manage');
    const { values, errors: profileErrors } = readProfile(request.body);
    const statistics = readStatisticsAnswers(request.body);
    const errors = { ...profileErrors, ...statistics.errors };
    if (Object.keys(errors).length) {
      const shown = {
        ...values,
        gender: statistics.values.gender ?? '',
        sector: statistics.values.sector ?? '',
      };
      return accountPage(request, reply, { section: 'profile', values: shown, errors }, 422);
    }
    await identity.updateProfile(request.user.id, { ...values, ...statistics.values });
    // The interface follows the newly chosen language.
    return reply.redirect(`/${values.locale}/account?done=profile`, 303);
  });

  app.post('/:locale/account/email', async (request, reply) => {
    authorize(request.user, 'account.manage');
    const { values, errors } = readChangeEmail(request.body);
    if (Object.keys(errors).length)
      return accountPage(request, reply, { section: 'email', values, errors }, 422);
    if (!(await identity.requestEmailChange(request.user.id, values.newEmail, values.emailPassword))) {
      return accountPage(
        request,
        reply,
        { section: 'email', values, errors: { emailPassword: 'form.errors.passwordWrong' } },
        422,
      );
    }
    return done(request, reply, 'email');
  });

  app.post('/:locale/account/password', async (request, reply) => {
    authorize(request.user, 'account.manage');
    const { errors, values } = readChangePassword(request.body);
    if (Object.keys(errors).length) return accountPage(request, reply, { section: 'password', errors }, 422);
    if (
      !(await identity.changePassword(
        request.user.id,
        values.current,
        values.password,
        request.sessionToken ?? '',
      ))
    ) {
      return accountPage(
        request,
        reply,
        { section: 'password', errors: { current: 'form.errors.passwordWrong' } },
        422,
      );
    }
    return done(request, reply, 'password');
  });

  app.post('/:locale/account/sign-out-everywhere', async (request, reply) => {
    authorize(request.user, 'account.manage');
    await identity.signOutEverywhere(request.user.id, request.sessionToken ?? undefined);
    return done(request, reply, 'sessions');
  });

  app.post('/:locale/account/resend-verification', async (request, reply) => {
    authorize(request.user, 'account.manage');
    const result = await identity.resendVerification(request.user.id);
    return done(
      request,
      reply,
      result === 'sent' ? 'verification' : result === 'verified' ? 'verified' : 'throttled',
    );
  });

  app.get('/:locale/account/export', async (request, reply) => {
    authorize(request.user, 'account.manage');
    const data = await identity.exportData(request.user.id, personalData);
    return reply
      .header('content-disposition', 'attachment; filename="praxis-data.json"')
      .header('cache-control', 'no-store')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(data, null, 2));
  });

  app.get('/:locale/account/delete', async (request, reply) => {
    authorize(request.user, 'account.manage');
    return sendPage(reply, DeleteAccountPage({ c: reply.pageContext(), errors: {} }));
  });

  app.post('/:locale/account/delete', async (request, reply) => {
    authorize(request.user, 'account.manage');
    const { values, errors } = readDeletion(request.body);
    if (Object.keys(errors).length)
      return sendPage(reply, DeleteAccountPage({ c: reply.pageContext(), errors }), 422);
    if (!(await identity.deleteAccount(request.user.id, values.current, personalData))) {
      return sendPage(
        reply,
        DeleteAccountPage({ c: reply.pageContext(), errors: {}, wrongPassword: true }),
        422,
      );
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    rotateCsrfSecret(request, reply, null);
    return reply.redirect(`/${request.locale}/sign-in?notice=deleted`, 303);
  });

  app.get('/:locale/confirm-email/:token', async (request, reply) =>
    confirmPage(
      reply,
      'confirmEmail.title',
      'confirmEmail.body',
      `/${request.locale}/confirm-email/${params(request).token}`,
    ),
  );

  app.post('/:locale/confirm-email/:token', async (request, reply) => {
    const result = await identity.confirmEmailChange(params(request).token ?? '');
    if (result === 'changed') {
      return request.user
        ? done(request, reply, 'email-changed')
        : message(reply, 'confirmEmail.title', 'confirmEmail.done');
    }
    return message(
      reply,
      'confirmEmail.title',
      result === 'taken' ? 'confirmEmail.taken' : 'links.invalid',
      410,
    );
  });

  // Administration ---------------------------------------------------------------------------------

  app.get('/:locale/admin/users', async (request, reply) => {
    authorize(request.user, 'users.list');
    const q = request.query as { q?: string; role?: string; page?: string; done?: string };
    const query = typeof q.q === 'string' ? q.q.slice(0, 200) : '';
    const role = ROLES.includes(q.role as Role) ? (q.role as string) : '';
    const page = pageNumber(q.page);
    const pageSize = 25;
    const result = await identity.listUsers({ query, role, page, pageSize });
    const notice = q.done === 'roles' ? 'adminUsers.saved' : undefined;
    return sendPage(
      reply,
      AdminUsersPage({ c: reply.pageContext(), query, role, page, pageSize, ...result, notice }),
    );
  });

  app.post('/:locale/admin/users/:id/roles', async (request, reply) => {
    authorize(request.user, 'users.list');
    const target = await identity.findById(params(request).id ?? '');
    if (!target) throw notFound();
    authorize(request.user, 'users.setRoles', target);
    const roles = ROLES.filter((r) => list(request.body, 'roles').includes(r));
    await identity.setRoles(request.user.id, target.id, roles);
    const back = text(request.body, 'back');
    return reply.redirect(
      `/${request.locale}/admin/users?done=roles${back ? `&q=${encodeURIComponent(back)}` : ''}`,
      303,
    );
  });
}
