import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Role } from '../../src/platform/views/page-context.ts';

/**
 * A browser stand-in over `app.inject`: keeps cookies and posts forms with the CSRF token of the page
 * it last loaded, as a person's browser would.
 */
export class Agent {
  readonly cookies = new Map<string, string>();
  private lastCsrf = '';
  readonly headers: Record<string, string>;
  private readonly app: FastifyInstance;

  constructor(app: FastifyInstance, headers: Record<string, string> = {}) {
    this.app = app;
    this.headers = { 'user-agent': 'praxis-test-agent', ...headers };
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(response: LightMyRequestResponse) {
    for (const cookie of response.cookies as {
      name: string;
      value: string;
      maxAge?: number;
      expires?: Date;
    }[]) {
      const expired = cookie.maxAge === 0 || (cookie.expires && cookie.expires.getTime() < Date.now());
      if (expired || cookie.value === '') this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.lastCsrf = token;
  }

  async get(url: string, headers: Record<string, string> = {}) {
    const response = await this.app.inject({
      method: 'GET',
      url,
      headers: { ...this.headers, cookie: this.cookieHeader(), ...headers },
    });
    this.remember(response);
    return response;
  }

  /** Posts a form as the page at `url` would; loads `from` first to get its CSRF token. */
  async post(
    url: string,
    fields: Record<string, string | string[]>,
    options: { from?: string; csrf?: string | null } = {},
  ) {
    if (options.from) await this.get(options.from);
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(fields)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    }
    const csrf = options.csrf === undefined ? this.lastCsrf : options.csrf;
    if (csrf !== null) body.set('_csrf', csrf);
    const response = await this.app.inject({
      method: 'POST',
      url,
      headers: {
        ...this.headers,
        cookie: this.cookieHeader(),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: body.toString(),
    });
    this.remember(response);
    // Signing in or out replaces the CSRF secret; a browser follows the redirect and so holds a token
    // for the new session on the page it lands on. Do the same, so the next post carries a live token.
    const location = response.headers.location;
    const rotated = (response.cookies as { name: string; value: string }[]).some(
      (cookie) => cookie.name === '_csrf' && cookie.value === '',
    );
    if (rotated && typeof location === 'string' && location.startsWith('/')) await this.get(location);
    return response;
  }
}

/** Registers, verifies and signs in a user through the real pages; returns the signed-in agent. */
export async function signedInAgent(
  app: FastifyInstance,
  outbox: { text: string; to: string }[],
  who: { email: string; name?: string; password?: string; locale?: string },
): Promise<Agent> {
  const agent = new Agent(app);
  const password = who.password ?? 'a long enough password';
  const locale = who.locale ?? 'en';
  await agent.post(
    `/${locale}/register`,
    { name: who.name ?? 'Test Person', email: who.email, password, country: 'KR', locale, consent: 'yes' },
    { from: `/${locale}/register` },
  );
  const mail = [...outbox].reverse().find((m) => m.to === who.email);
  const link = mail?.text.match(/https?:\/\/\S+/)?.[0];
  if (link) {
    const path = new URL(link).pathname;
    await agent.post(path, {}, { from: path });
  }
  const response = await agent.post(
    `/${locale}/sign-in`,
    { email: who.email, password },
    { from: `/${locale}/sign-in` },
  );
  if (response.statusCode !== 303) throw new Error(`Sign-in failed for ${who.email}: ${response.statusCode}`);
  return agent;
}

/** An account created directly with `roles` (no registration mail), signed in. */
export async function agentWithRoles(app: FastifyInstance, email: string, roles: Role[]): Promise<Agent> {
  const password = `${email} password`;
  await app.services.identity.addUser({ email, name: email.split('@')[0]!, roles, password });
  const agent = new Agent(app);
  const response = await agent.post('/en/sign-in', { email, password }, { from: '/en/sign-in' });
  if (response.statusCode !== 303) throw new Error(`Sign-in failed for ${email}: ${response.statusCode}`);
  return agent;
}
