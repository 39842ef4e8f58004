import type { Generated } from 'kysely';
import type { JobsTable } from '../jobs/jobs-table.ts';

/**
 * Table types, one interface per table. Timestamps are ISO-8601 UTC strings on both engines so that
 * values compare, sort and group (by month: the first 7 characters) the same way everywhere.
 * Booleans are 0/1 integers for the same reason.
 */
export interface UsersTable {
  id: string;
  email: string;
  email_verified_at: string | null;
  name: string;
  password_hash: string | null;
  country: string;
  locale: string;
  consent_version: string;
  consent_at: string;
  created_at: string;
  updated_at: string;
  last_active_at: string | null;
  deleted_at: string | null;
  /** Opt-in, self-reported (transparency figures only); null when not answered. */
  gender?: string | null;
  sector?: string | null;
}

export interface UserRolesTable {
  user_id: string;
  role: string;
  granted_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie's token: a leaked database does not leak usable sessions. */
  id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  user_agent: string;
}

export interface UserTokensTable {
  /** SHA-256 of the emailed token. */
  id: string;
  user_id: string;
  purpose: 'verify-email' | 'reset-password' | 'change-email' | 'set-password';
  payload: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface AuthAttemptsTable {
  id: string;
  bucket: string;
  created_at: string;
}

export interface AuditLogTable {
  id: string;
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string;
  detail: string;
  created_at: string;
}

export interface CoursesTable {
  slug: string;
  published_version_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface CourseVersionsTable {
  id: string;
  course_slug: string;
  number: number;
  content_hash: string;
  /** The whole package as JSON (see courses/package/types.ts). */
  package: string;
  imported_at: string;
  published_at: string | null;
}

export interface EnrollmentsTable {
  user_id: string;
  course_slug: string;
  enrolled_at: string;
  last_unit_id: string | null;
  last_visited_at: string | null;
  completed_at: string | null;
}

export interface UnitProgressTable {
  user_id: string;
  course_slug: string;
  unit_id: string;
  completed_at: string;
}

export interface ExerciseResultsTable {
  user_id: string;
  course_slug: string;
  exercise_id: string;
  attempts: number;
  best_score: number;
  last_score: number;
  last_answer: string;
  updated_at: string;
}

export interface ExerciseAttemptsTable {
  id: string;
  user_id: string;
  course_slug: string;
  exercise_id: string;
  submission_key: string;
  answer: string;
  score: number;
  created_at: string;
}

export interface ReflectionsTable {
  user_id: string;
  course_slug: string;
  exercise_id: string;
  text: string;
  updated_at: string;
}

export interface CertificatesTable {
  id: string;
  user_id: string;
  course_slug: string;
  course_version: number;
  display_name: string;
  locale: string;
  issued_at: string;
  private: number;
  revoked_at: string | null;
  revoked_reason: string | null;
  status_index: number;
  key_id: string;
  /** The signed Open Badges 3.0 credential (JSON, embedded Data Integrity proof). */
  credential: string;
  /** The same credential as a VC-JWT. */
  credential_jwt: string;
}

export interface Schema {
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  user_tokens: UserTokensTable;
  auth_attempts: AuthAttemptsTable;
  audit_log: AuditLogTable;
  courses: CoursesTable;
  course_versions: CourseVersionsTable;
  enrollments: EnrollmentsTable;
  unit_progress: UnitProgressTable;
  exercise_results: ExerciseResultsTable;
  exercise_attempts: ExerciseAttemptsTable;
  reflections: ReflectionsTable;
  certificates: CertificatesTable;
  calls: CallsTable;
  submissions: SubmissionsTable;
  submission_coauthors: SubmissionCoauthorsTable;
  submission_files: SubmissionFilesTable;
  reviewer_profiles: ReviewerProfilesTable;
  conflicts: ConflictsTable;
  assignments: AssignmentsTable;
  reviews: ReviewsTable;
  case_discussion: CaseDiscussionTable;
  published_cases: PublishedCasesTable;
  /** SQLite only: the FTS5 trigram index of published cases. */
  case_search: CaseSearchTable;
  transparency_daily: TransparencyDailyTable;
  transparency_snapshots: TransparencySnapshotsTable;
  transparency_report_sections: TransparencyReportSectionsTable;
  cache_generations: CacheGenerationsTable;
  jobs: JobsTable;
  discussion_threads: DiscussionThreadsTable;
  discussion_posts: DiscussionPostsTable;
  discussion_votes: DiscussionVotesTable;
  discussion_reports: DiscussionReportsTable;
  community_suspensions: CommunitySuspensionsTable;
  community_notifications: CommunityNotificationsTable;
  community_settings: CommunitySettingsTable;
  peer_submissions: PeerSubmissionsTable;
  peer_reviews: PeerReviewsTable;
  peer_allocation_locks: PeerAllocationLocksTable;
  peer_flags: PeerFlagsTable;
  settings: SettingsTable;
}

export type { Generated };

export interface CallsTable {
  id: string;
  slug: string;
  /** JSON: locale → text. */
  title: string;
  description: string;
  guidance: string;
  /** JSON: locale → [{question, answer}]. */
  faq: string;
  opens_at: string;
  closes_at: string;
  time_zone: string;
  /** JSON arrays of taxonomy slugs / locales. */
  practice_types: string;
  stakeholder_types: string;
  languages: string;
  /** JSON: [{id, label: {locale: text}, scale, weight, required}]. */
  rubric: string;
  reviewers_per_case: number;
  blind_mode: 'single' | 'double';
  summary_word_limit: number;
  phase: 'draft' | 'open' | 'review' | 'decision' | 'published';
  decisions_released_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SubmissionsTable {
  id: string;
  call_id: string;
  owner_id: string;
  status: 'draft' | 'submitted' | 'withdrawn';
  language: string;
  title: string;
  summary: string;
  practice_type: string;
  stakeholder_type: string;
  organisation: string;
  /** Normalized organisation name, for detecting conflicts of interest. */
  organisation_key: string;
  country: string;
  region: string;
  sector: string;
  lifecycle_stage: string;
  values: string;
  principles: string;
  policy_areas: string;
  what: string;
  how: string;
  results: string;
  challenges: string;
  adoption: string;
  links: string;
  consent_publish: number;
  withdraw_reason: string | null;
  decision: 'selected' | 'shortlisted' | 'declined' | null;
  decided_at: string | null;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
}

export interface SubmissionCoauthorsTable {
  submission_id: string;
  email: string;
  invited_at: string;
}

export interface SubmissionFilesTable {
  id: string;
  submission_id: string;
  storage_key: string;
  filename: string;
  type: string;
  size: number;
  uploaded_at: string;
}

export interface ReviewerProfilesTable {
  user_id: string;
  expertise: string;
  region: string;
  languages: string;
  organisation: string;
  organisation_key: string;
  max_load: number;
  updated_at: string;
}

export interface ConflictsTable {
  submission_id: string;
  reviewer_id: string;
  source: 'reviewer' | 'submitter' | 'organisation' | 'email-domain' | 'co-author';
  status: 'declared' | 'suspected' | 'confirmed' | 'cleared';
  note: string;
  created_at: string;
  decided_by: string | null;
}

export interface AssignmentsTable {
  submission_id: string;
  reviewer_id: string;
  assigned_at: string;
  assigned_by: string;
  declined_at: string | null;
  decline_reason: string | null;
}

export interface ReviewsTable {
  submission_id: string;
  reviewer_id: string;
  /** JSON: criterion id → score. */
  scores: string;
  comments_to_authors: string;
  confidential_comments: string;
  recommendation: 'select' | 'shortlist' | 'decline';
  submitted_at: string | null;
  updated_at: string;
}

export interface CaseDiscussionTable {
  id: string;
  submission_id: string;
  author_id: string;
  body: string;
  created_at: string;
}

export interface PublishedCasesTable {
  id: string;
  submission_id: string;
  call_id: string;
  language: string;
  title: string;
  summary: string;
  /** JSON: the case's sections (what, how, results, challenges, adoption, links). */
  body: string;
  organisation: string;
  /** JSON: the names of the authors as they agreed to be credited. */
  authors: string;
  practice_type: string;
  stakeholder_type: string;
  country: string;
  region: string;
  sector: string;
  principles: string;
  policy_areas: string;
  values: string;
  year: number;
  licence: string;
  search_text: string;
  published_at: string;
}

export interface CaseSearchTable {
  case_id: string;
  text: string;
}

// Community (migration 0005)

export interface DiscussionThreadsTable {
  id: string;
  scope: 'unit' | 'case';
  /** "courseSlug/unitId" for a unit, the case id for a case. */
  target: string;
  course_slug: string | null;
  author_id: string;
  title: string;
  locked_at: string | null;
  created_at: string;
  last_activity_at: string;
}

export interface DiscussionPostsTable {
  id: string;
  thread_id: string;
  author_id: string;
  kind: 'opening' | 'reply';
  body: string;
  body_html: string;
  language: string;
  status: 'visible' | 'held' | 'hidden';
  score: Generated<number>;
  created_at: string;
  edited_at: string | null;
}

export interface DiscussionVotesTable {
  post_id: string;
  user_id: string;
  created_at: string;
}

export interface DiscussionReportsTable {
  id: string;
  post_id: string;
  reporter_id: string;
  reason: string;
  note: string;
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
}

export interface CommunitySuspensionsTable {
  id: string;
  user_id: string;
  until: string;
  reason: string;
  created_by: string;
  created_at: string;
  lifted_at: string | null;
}

export interface CommunityNotificationsTable {
  id: string;
  user_id: string;
  kind: 'reply';
  thread_id: string;
  post_id: string;
  actor_id: string;
  created_at: string;
  read_at: string | null;
  digested_at: string | null;
}

export interface CommunitySettingsTable {
  user_id: string;
  email_digest: number;
  updated_at: string;
}

// Peer review (migration 0006)

export interface PeerSubmissionsTable {
  id: string;
  course_slug: string;
  assignment_id: string;
  user_id: string;
  text: string;
  submitted_at: string;
  hidden_at: string | null;
  final_score: number | null;
  final_points: number | null;
  final_source: 'peers' | 'staff' | null;
  finalized_at: string | null;
  override_reason: string | null;
}

export interface PeerReviewsTable {
  id: string;
  submission_id: string;
  course_slug: string;
  assignment_id: string;
  reviewer_id: string;
  status: 'assigned' | 'done';
  assigned_at: string;
  expires_at: string;
  completed_at: string | null;
  /** JSON: criterion id → level id. */
  levels: string | null;
  points: number | null;
  comment: string | null;
  hidden_at: string | null;
}

export interface PeerAllocationLocksTable {
  course_slug: string;
  assignment_id: string;
  touched_at: string;
}

export interface PeerFlagsTable {
  id: string;
  target_type: 'submission' | 'review';
  target_id: string;
  course_slug: string;
  user_id: string;
  reason: string;
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution: 'hidden' | 'dismissed' | null;
}

/** Counts per UTC day (YYYY-MM-DD), metric and course ('' when not per course). */
export interface TransparencyDailyTable {
  day: string;
  metric: string;
  course_slug: string;
  count: number;
}

export interface TransparencySnapshotsTable {
  name: string;
  /** JSON. */
  body: string;
  computed_at: string;
}

export interface TransparencyReportSectionsTable {
  year: number;
  locale: string;
  section: string;
  /** Markdown, rendered sanitized. */
  body: string;
  updated_at: string;
  updated_by: string | null;
}

/** One row: the content generation, moved on by triggers on every write to a table public pages show. */
export interface CacheGenerationsTable {
  id: number;
  generation: number;
}

/** Instance-wide settings every process agrees on (see src/platform/settings/). */
export interface SettingsTable {
  name: string;
  value: string;
  updated_at: string;
}
