import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { registerAdminReviewRoutes } from './cases/admin-review-routes.tsx';
import { type CallStore, createCallStore } from './cases/calls.ts';
import { createDecisions, type Decisions } from './cases/decisions.ts';
import { createLibrary, type Library } from './cases/library.ts';
import { registerLibraryRoutes } from './cases/library-routes.tsx';
import * as casesData from './cases/personal-data.ts';
import { registerReviewRoutes } from './cases/review-routes.tsx';
import { createReviewStore, type ReviewStore } from './cases/review-store.ts';
import { registerCallRoutes } from './cases/routes.tsx';
import { MAX_FILE_BYTES, registerSubmissionRoutes } from './cases/submission-routes.tsx';
import { createSubmissionStore, type SubmissionStore } from './cases/submissions.ts';
import { type Community, type CommunityOptions, createCommunity } from './community/community.ts';
import { DIGEST_JOB, sendDigests } from './community/digest.ts';
import * as communityData from './community/personal-data.ts';
import { registerCommunityRoutes } from './community/routes.tsx';
import type { Config } from './config.ts';
import { registerCartridgeRoutes } from './courses/cartridge/routes.ts';
import { createCourseStore } from './courses/course-store.ts';
import { featuredCourses, registerCourseRoutes } from './courses/routes.tsx';
import {
  CERTIFICATE_JOB,
  type CertificateService,
  createCertificateService,
} from './credentials/certificate-service.ts';
import { loadOrCreateKeys } from './credentials/ob3/issuer-keys.ts';
import * as credentialsData from './credentials/personal-data.ts';
import { registerCredentialRoutes } from './credentials/routes.tsx';
import { type RateLimit, registerIdentityRoutes } from './identity/routes.tsx';
import { createIdentityService } from './identity/service.ts';
import { createLearningService, type LearningService } from './learning/learning-service.ts';
import * as learningData from './learning/personal-data.ts';
import { registerLearningRoutes } from './learning/routes.tsx';
import { registerApiDocsRoutes } from './open-data/api-docs.tsx';
import { registerOpenApi } from './open-data/openapi.ts';
import { registerOpenDataRoutes } from './open-data/routes.ts';
import { createPeerReviewService, type PeerReviewService } from './peer-review/peer-review-service.ts';
import * as peerData from './peer-review/personal-data.ts';
import { registerPeerReviewRoutes } from './peer-review/routes.tsx';
import { contentGeneration } from './platform/db/content-generation.ts';
import { type Database, openDatabase } from './platform/db/database.ts';
import { createReadiness, type Readiness, registerReadiness } from './platform/health/readiness.ts';
import { AssetManifest } from './platform/http/assets.ts';
import { csrfSessionBinding } from './platform/http/csrf.ts';
import { registerErrorHandlers } from './platform/http/error-handler.ts';
import { notFound } from './platform/http/errors.ts';
import {
  parseUrlEncoded,
  registerLocationEncoding,
  registerMultipartBodies,
  registerParamGuard,
} from './platform/http/input-hygiene.ts';
import { type PageCacheStats, registerPageCache } from './platform/http/page-cache.ts';
import { registerPublicApiCaching } from './platform/http/public-api.ts';
import { registerRequestContext } from './platform/http/request-context.ts';
import { isLocale } from './platform/i18n/locales.ts';
import { createJobQueue, type JobQueue } from './platform/jobs/job-queue.ts';
import { createMailQueue, type OutgoingMail } from './platform/mail/mail-queue.ts';
import { createMailer, type Mailer } from './platform/mail/mailer.ts';
import { createMetrics, type Metrics, registerMetrics } from './platform/metrics/metrics.ts';
import { ROOT } from './platform/paths.ts';
import { resolveIssuer } from './platform/settings/issuer.ts';
import { localFileStorage } from './platform/storage/storage.ts';
import type { NavItem } from './platform/views/page-context.ts';
import { registerSiteRoutes } from './site/routes.ts';
import { registerTransparencyRoutes } from './transparency/routes.tsx';
import { createTransparencyService, type TransparencyService } from './transparency/service.ts';

export interface AppOptions {
  config: Config;
  /** An open database (tests pass one per engine); otherwise opened from the config. */
  database?: Database;
  mailer?: Mailer;
  /** Per-IP limits on sensitive endpoints, per 15 minutes unless stated. */
  limits?: Partial<Record<'signIn' | 'register' | 'reset', RateLimit>>;
  /** Discussion limits (edit window, new-account rules, per-account posting throttle). */
  community?: Partial<CommunityOptions>;
  /** pino options, or false for silence (tests). */
  logger?: boolean | { level: string; stream?: { write(line: string): void } };
  /**
   * How this process runs the job queue (mail, certificates, roll-ups, peer grades, digests):
   * - 'worker' (default): polls for due jobs from start to close and enqueues the recurring ones; any
   *   number of processes and nodes may, since each job is claimed by one of them;
   * - 'inline' (tests): runs the due jobs before each response is sent, so what a request caused has
   *   happened when its response arrives; nothing recurring;
   * - 'off' (one-shot CLI commands): the command drains the queue itself.
   */
  jobs?: 'worker' | 'inline' | 'off';
}

const DEFAULT_LIMITS: Record<'signIn' | 'register' | 'reset', RateLimit> = {
  signIn: { max: 20, timeWindow: 15 * 60_000 },
  register: { max: 10, timeWindow: 60 * 60_000 },
  reset: { max: 10, timeWindow: 15 * 60_000 },
};

/** The composition root: the one place where the whole object graph is built. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const database =
    options.database ??
    openDatabase({
      databaseUrl: options.config.databaseUrl,
      dataDir: options.config.dataDir,
      sqliteSynchronous: options.config.sqliteSynchronous,
    });
  // Migrations first, then the issuer every process shares (stored at first start), so that nothing
  // below is built from a public URL this process derived on its own.
  let config: Config;
  try {
    await database.migrate();
    config = await resolveIssuer(database.db, options.config);
  } catch (error) {
    if (!options.database) await database.close();
    throw error;
  }
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    // Query strings are parsed like URL-encoded forms, with control characters taken out.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200, querystringParser: parseUrlEncoded },
    // Request ids are random, so the one a 500 page shows names one request in the logs of any node.
    genReqId: () => randomBytes(6).toString('hex'),
    // In-flight requests finish on close; idle keep-alive sockets are closed at once.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });

  // The route table, for the hostile-input fuzz test and anything else that walks every route.
  const routeTable: { method: string; url: string }[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url });
  });
  app.decorate('routeTable', routeTable);

  // While shutting down, responses still in flight close their connection, so a keep-alive socket
  // does not hold the process open after its last request.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });

  if (!options.database) app.addHook('onClose', () => database.close());

  // Timed from the first hook on, so every route below is counted.
  const metrics = createMetrics({ database });
  registerMetrics(app, { metrics, token: config.metricsToken, allow: config.metricsAllow });

  const jobs = createJobQueue({ db: database.db, engine: database.engine, log: app.log });
  const mode = options.jobs ?? 'worker';
  if (mode === 'worker') {
    app.addHook('onReady', async () => {
      app.log.info(
        'job worker started (recurring: statistics roll-up every 10 min, peer grades every 15 min, digest daily)',
      );
      jobs.start();
    });
    app.addHook('preClose', () => jobs.stop());
  } else if (mode === 'inline') {
    app.addHook('onSend', async (request, _reply, payload) => {
      try {
        await jobs.drain();
      } catch (error) {
        request.log.error({ err: error }, 'running queued jobs failed');
      }
      return payload;
    });
  }
  // The transport (SMTP or the outbox) is used only by the mail job; modules send through the queue.
  const transport = metrics.countMail(
    options.mailer ??
      createMailer({
        smtpUrl: config.smtpUrl,
        from: config.mailFrom,
        outboxDir: join(config.dataDir, 'outbox'),
        log: app.log,
      }),
  );
  const mailer = createMailQueue({ jobs, db: database.db, transport });
  const identity = createIdentityService({ db: database.db, mailer, publicUrl: config.publicUrl });
  const secureCookies = config.publicUrl.startsWith('https:');

  // External plugins first: security headers, compression, cookies, forms, CSRF, rate limits.
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        ...(secureCookies ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: secureCookies,
    crossOriginEmbedderPolicy: false,
  });
  // Before compression: the page cache stores rendered HTML and compresses it once itself.
  const pageCache = registerPageCache(app, { generation: () => contentGeneration(database.db) });
  await app.register(compress, { threshold: 1024 });
  await app.register(cookie, { secret: config.cookieSecret });
  await app.register(formbody, { parser: parseUrlEncoded });
  // Uploads are buffered per field (10 MB a file, one file a form).
  await registerMultipartBodies(app, {
    fileSize: MAX_FILE_BYTES,
    files: 1,
    fields: 20,
    fieldSize: 64 * 1024,
  });
  registerParamGuard(app);
  registerLocationEncoding(app);
  await app.register(csrf, {
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure: secureCookies },
    // A token is bound to the session it was made in (anonymous visitors share the empty one), so a
    // token from before sign-in, or from another account's session, is refused. The secret cookie
    // itself is replaced at sign-in and sign-out (see identity/routes.tsx).
    csrfOpts: { hmacKey: config.cookieSecret },
    getUserInfo: csrfSessionBinding,
    // Multipart forms attach fields as {value}; URL-encoded ones as strings.
    getToken: (request) => {
      const field = (request.body as { _csrf?: string | { value?: string } } | undefined)?._csrf;
      return typeof field === 'string'
        ? field
        : (field?.value ?? (request.headers['x-csrf-token'] as string | undefined) ?? '');
    },
  });
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 })
    : undefined;
  if (redis) app.addHook('onClose', async () => void (await redis.quit()));
  await app.register(rateLimit, { global: false, ...(redis ? { redis, nameSpace: 'praxis-rl-' } : {}) });
  const readiness = createReadiness({
    database,
    dataDir: config.dataDir,
    minFreeBytes: config.minFreeDiskMb * 1024 * 1024,
    redis,
    log: app.log,
  });
  registerReadiness(app, readiness);
  // The queue on /metrics and /readyz: jobs due for longer than this mean no worker is taking them.
  const STUCK_QUEUE_SECONDS = 15 * 60;
  metrics.registerGauge({
    name: 'praxis_jobs',
    help: 'Jobs in the durable queue, by state and kind',
    labelNames: ['state', 'kind'],
    collect: async (set) => {
      for (const row of (await jobs.stats(0)).byStateAndKind)
        set(row.count, { state: row.state, kind: row.kind });
    },
  });
  metrics.registerGauge({
    name: 'praxis_jobs_oldest_due_seconds',
    help: 'How long the oldest due job has waited for a worker',
    collect: async (set) => set((await jobs.stats(0)).oldestQueuedSeconds),
  });
  readiness.add('jobs', async () => {
    const { oldestQueuedSeconds } = await jobs.stats(0);
    return { ok: mode !== 'worker' || oldestQueuedSeconds < STUCK_QUEUE_SECONDS, oldestQueuedSeconds };
  });

  // Then the platform's own machinery.
  const assets = new AssetManifest(join(ROOT, 'public'));
  assets.register(app);
  const nav: NavItem[] = [
    { path: '/courses', label: 'layout.nav.courses' },
    { path: '/cases', label: 'layout.nav.cases' },
    { path: '/calls', label: 'layout.nav.calls' },
    { path: '/transparency', label: 'layout.nav.transparency' },
  ];
  registerRequestContext(app, {
    assets,
    nav,
    operatorName: config.operatorName,
    publicUrl: config.publicUrl,
    loadSessionUser: identity.loadSessionUser,
  });

  registerPublicApiCaching(app);
  // Collects the route schemas of /api/v1 as routes are added below, for /api/openapi.json.
  await registerOpenApi(app, { publicUrl: config.publicUrl, operatorName: config.operatorName });
  registerApiDocsRoutes(app);

  app.addHook('preHandler', (request, reply, done) => {
    const route = request.routeOptions.url ?? '';
    if (route.startsWith('/:locale') && !isLocale((request.params as { locale?: string }).locale)) {
      return done(notFound());
    }
    // Every state-changing request from a page carries the form's CSRF token.
    if (request.method !== 'GET' && request.method !== 'HEAD' && !request.url.startsWith('/api/')) {
      return app.csrfProtection(request, reply, done);
    }
    done();
  });

  // Then the product, module by module.
  const courses = createCourseStore(database.db);
  const library = createLibrary(database);
  const learning = createLearningService({ db: database.db, courses });
  const keyring = await loadOrCreateKeys(config.dataDir, config.publicUrl);
  const certificates = createCertificateService({
    db: database.db,
    courses,
    keyring,
    publicUrl: config.publicUrl,
    issuerName: config.operatorName,
    issuerUrl: config.operatorUrl,
  });
  // Completing a course (by its rule) earns its certificate: a job committed with the completion.
  // issue() returns the certificate already issued when the job runs again.
  jobs.register<{ userId: string; courseSlug: string }>(CERTIFICATE_JOB, {
    run: async ({ userId, courseSlug }) => void (await certificates.issue(userId, courseSlug)),
  });
  learning.onCourseCompleted(async (event, trx) => {
    const payload = { userId: event.userId, courseSlug: event.courseSlug };
    await jobs.enqueue(trx, CERTIFICATE_JOB, payload, { key: `${event.userId}:${event.courseSlug}` });
  });
  registerSiteRoutes(app, { homeSections: [featuredCourses(courses)] });
  registerCourseRoutes(app, { courses, learning, findCase: (id) => library.get(id) });
  registerCartridgeRoutes(app, { courses, findCase: (id) => library.get(id), publicUrl: config.publicUrl });
  registerLearningRoutes(app, { courses, learning, certificates });
  const peerReview = createPeerReviewService({ db: database.db, courses, learning });
  registerPeerReviewRoutes(app, { courses, learning, peer: peerReview });
  // Peer grades that fall due by date: settled every 15 minutes, not only when a page is opened, so a
  // learner who never comes back still completes the course.
  jobs.register('peer-review.settle', { run: async () => void (await peerReview.settleAllDue()) });
  jobs.every('peer-review.settle', 15 * 60_000);
  registerCredentialRoutes(app, {
    certificates,
    courses,
    issuerName: config.operatorName,
    issuerUrl: config.operatorUrl,
    publicUrl: config.publicUrl,
  });
  const { db } = database;
  registerIdentityRoutes(app, {
    identity,
    secureCookies,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    // One key each in the data export; each also erases its share when an account is deleted.
    personalData: [
      {
        name: 'learning',
        export: (id) => learningData.exportPersonalData(db, id),
        erase: learningData.erasePersonalData,
      },
      {
        name: 'certificates',
        export: (id) => credentialsData.exportPersonalData(db, id, { verifyUrl: certificates.verifyUrl }),
        erase: credentialsData.erasePersonalData,
      },
      {
        name: 'practiceCases',
        export: (id) => casesData.exportPersonalData(db, id),
        erase: casesData.erasePersonalData,
      },
      {
        name: 'community',
        export: (id) => communityData.exportPersonalData(db, id),
        erase: communityData.erasePersonalData,
      },
      {
        name: 'peerReview',
        export: (id) => peerData.exportPersonalData(db, id),
        erase: peerData.erasePersonalData,
      },
    ],
  });
  const calls = createCallStore(database.db);
  const submissions = createSubmissionStore(database.db);
  const storage = localFileStorage(join(config.dataDir, 'uploads'));
  const reviews = createReviewStore(database.db);
  registerCallRoutes(app, { calls });
  registerReviewRoutes(app, {
    calls,
    submissions,
    reviews,
    storage,
    nameOf: async (id) => (await identity.findById(id))?.name ?? '',
  });
  const decisions = createDecisions({
    db: database.db,
    submissions,
    reviews,
    library,
    mailer,
    publicUrl: config.publicUrl,
  });
  registerAdminReviewRoutes(app, {
    db: database.db,
    calls,
    reviews,
    decisions,
  });
  registerOpenDataRoutes(app, { courses, calls, library, publicUrl: config.publicUrl });
  registerLibraryRoutes(app, {
    library,
    courses,
    publicUrl: config.publicUrl,
    operatorName: config.operatorName,
  });
  const community = createCommunity({ db: database.db, options: options.community });
  registerCommunityRoutes(app, { community, courses, findCase: (id) => library.get(id) });
  registerSubmissionRoutes(app, {
    calls,
    submissions,
    reviews,
    storage,
    mailer,
    publicUrl: config.publicUrl,
    userById: (id) => identity.findById(id),
  });
  // Digests of unread replies, daily, for those who opted in.
  jobs.register(DIGEST_JOB, {
    run: async () =>
      void (await sendDigests({ community, mailer, publicUrl: config.publicUrl, db: database.db })),
  });
  jobs.every(DIGEST_JOB, 24 * 60 * 60_000);
  // Public figures: rolled up every 10 minutes; pages read only the roll-up.
  const transparency = createTransparencyService({ database, courses });
  jobs.register('transparency.rollup', { run: async () => void (await transparency.rollup()) });
  jobs.every('transparency.rollup', 10 * 60_000);
  registerTransparencyRoutes(app, { transparency, operatorName: config.operatorName });
  registerErrorHandlers(app);

  app.decorate('praxisConfig', config);
  app.decorate('services', {
    pageCache,
    metrics,
    readiness,
    community,
    database,
    identity,
    mailer,
    jobs,
    courses,
    learning,
    certificates,
    calls,
    submissions,
    reviews,
    library,
    decisions,
    peerReview,
    transparency,
  });
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route added, in order: method and URL pattern. */
    routeTable: readonly { method: string; url: string }[];
    /** The configuration this app runs with: the environment's, with the stored issuer URL. */
    praxisConfig: Config;
    /** The graph built here, for the CLI and tests. */
    services: {
      pageCache: PageCacheStats;
      /** Other modules add gauges here (registerGauge). */
      metrics: Metrics;
      /** Other modules add /readyz checks here (add). */
      readiness: Readiness;
      community: Community;
      database: Database;
      identity: ReturnType<typeof createIdentityService>;
      /** Sends through the job queue. */
      mailer: OutgoingMail;
      jobs: JobQueue;
      courses: ReturnType<typeof createCourseStore>;
      learning: LearningService;
      certificates: CertificateService;
      calls: CallStore;
      submissions: SubmissionStore;
      reviews: ReviewStore;
      library: Library;
      decisions: Decisions;
      transparency: TransparencyService;
      peerReview: PeerReviewService;
    };
  }
}
