import type { Migration } from 'kysely/migration';
import * as identity from './0001-identity.ts';
import * as coursesLearning from './0002-courses-learning.ts';
import * as certificates from './0003-certificates.ts';
import * as cases from './0004-cases.ts';
import * as community from './0005-community.ts';
import * as peerReview from './0006-peer-review.ts';
import * as transparency from './0007-transparency.ts';
import * as jobs from './0008-jobs.ts';
import * as settings from './0009-settings.ts';
import * as pageCache from './0012-page-cache.ts';

/** Every migration, in order. Names are permanent: they are recorded in the database. */
export const migrations: Record<string, Migration> = {
  '0001-identity': identity,
  '0002-courses-learning': coursesLearning,
  '0003-certificates': certificates,
  '0004-cases': cases,
  '0005-community': community,
  '0006-peer-review': peerReview,
  '0007-transparency': transparency,
  '0008-jobs': jobs,
  '0009-settings': settings,
  '0012-page-cache': pageCache,
};
