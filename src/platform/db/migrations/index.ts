import type { Migration } from 'kysely/migration';
import * as identity from './0001-identity.ts';
import * as coursesLearning from './0002-courses-learning.ts';
import * as certificates from './0003-certificates.ts';
import * as cases from './0004-cases.ts';

/** Every migration, in order. Names are permanent: they are recorded in the database. */
export const migrations: Record<string, Migration> = {
  '0001-identity': identity,
  '0002-courses-learning': coursesLearning,
  '0003-certificates': certificates,
  '0004-cases': cases,
};
