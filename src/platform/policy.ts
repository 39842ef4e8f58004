import { acceptsSubmissions, type Call } from '../cases/calls.ts';
import { isAuthor, type Submission } from '../cases/submissions.ts';
import {
  canReadDiscussion,
  type DiscussionAccess,
  isModerator,
  type PostAccess,
} from '../community/access.ts';
import { forbidden, unauthorized } from './http/errors.ts';
import type { Role, SignedInUser } from './views/page-context.ts';

/**
 * The one place that answers "may this user do this (to that)". Every route asks it on its first line,
 * through `authorize`, so a reader can audit access rules here rather than across handlers.
 */
type Rule = (user: SignedInUser, resource?: unknown) => boolean;

const hasRole = (user: SignedInUser, role: Role) => user.roles.has(role);

const rules = {
  /** Manage one's own account: profile, password, email, sessions, data export, deletion. */
  'account.manage': () => true,
  'users.list': (user) => hasRole(user, 'admin'),
  /** Admins change roles, but not their own: an admin cannot lock the last admin out by accident. */
  'users.setRoles': (user, target) => hasRole(user, 'admin') && (target as { id: string }).id !== user.id,
  /** Authors and admins read unpublished versions of a course before they go live. */
  'courses.preview': (user) => hasRole(user, 'author') || hasRole(user, 'admin'),
  'courses.publish': (user) => hasRole(user, 'admin'),
  /** Anyone signed in may enroll: courses are free. */
  'learning.enroll': () => true,
  /** Answering exercises and recording progress need an enrollment in that course. */
  'learning.study': (_user, progress) => (progress as { enrolled: boolean }).enrolled,
  /** A certificate's holder downloads it and chooses whether its details are public. */
  'certificates.manage': (user, certificate) => (certificate as { user_id: string }).user_id === user.id,
  'certificates.revoke': (user) => hasRole(user, 'admin'),
  /** Calls for practice cases: created, edited and moved through their phases by admins. */
  'calls.manage': (user) => hasRole(user, 'admin'),
  /** Anyone signed in may submit a practice case to an open call. */
  'submissions.create': () => true,
  /** Authors (owner and co-authors by verified email) and admins read a submission; nobody else does. */
  'submissions.view': (user, submission) =>
    isAuthor(user, submission as Submission) || hasRole(user, 'admin'),
  /** Authors edit until the deadline, unless it was withdrawn. */
  'submissions.edit': (user, target) => {
    const { submission, call } = target as { submission: Submission; call: Call };
    return isAuthor(user, submission) && submission.status !== 'withdrawn' && acceptsSubmissions(call);
  },
  /** Members of the expert advisory group review; which cases they see is decided by the review queries. */
  'reviews.participate': (user) => hasRole(user, 'reviewer'),
  /** Only the owner submits or withdraws. */
  'submissions.submit': (user, target) => {
    const { submission, call } = target as { submission: Submission; call: Call };
    return submission.ownerId === user.id && submission.status !== 'withdrawn' && acceptsSubmissions(call);
  },
  // Community
  /** Unit discussions belong to the course's enrolled learners; moderators and admins see them all. */
  'community.read': (user, access) => canReadDiscussion(user, access as DiscussionAccess),
  /** Starting a thread: anyone who may read it, unless suspended. Case discussions are open to all. */
  'community.post': (user, access) =>
    canReadDiscussion(user, access as DiscussionAccess) && !(access as DiscussionAccess).suspended,
  /** Replying also needs the thread unlocked; moderators may still answer in a locked thread. */
  'community.reply': (user, target) => {
    const { access, locked } = target as { access: DiscussionAccess; locked: boolean };
    return canReadDiscussion(user, access) && !access.suspended && (!locked || isModerator(user));
  },
  /** Authors correct their own post within the edit window. */
  'community.edit': (user, target) => {
    const { access, post, editable } = target as PostAccess & { editable: boolean };
    return post.authorId === user.id && editable && !access.suspended && canReadDiscussion(user, access);
  },
  /** Upvotes and reports are about other people's posts. */
  'community.vote': (user, target) => {
    const { access, post } = target as PostAccess;
    return post.authorId !== user.id && !access.suspended && canReadDiscussion(user, access);
  },
  'community.report': (user, target) => {
    const { access, post } = target as PostAccess;
    return post.authorId !== user.id && !access.suspended && canReadDiscussion(user, access);
  },
  'community.moderate': (user) => isModerator(user),
  'community.notifications': () => true,
  // Peer review
  /** Submitting, reviewing peers and flagging need an enrollment in the course. */
  'peerReview.participate': (_user, progress) =>
    (progress as { enrolled: boolean } | null)?.enrolled === true,
  /** A reservation or review is opened and completed only by the reviewer it was given to. */
  'peerReview.review': (user, review) => (review as { reviewer_id: string }).reviewer_id === user.id,
  /** Admins and authors handle flagged work and set grades that peers could not. */
  'peerReview.staff': (user) => hasRole(user, 'admin') || hasRole(user, 'author'),
  // Transparency
  /** The yearly accountability report's editorial sections are written by admins. */
  'transparency.editReport': (user) => hasRole(user, 'admin'),
} satisfies Record<string, Rule>;

export type Action = keyof typeof rules;

/** Whether `user` may do `action` (to `resource`). Visitors may do none of these. */
export function can(user: SignedInUser | null, action: Action, resource?: unknown): boolean {
  if (!user) return false;
  return (rules[action] as Rule)(user, resource);
}

/** Throws 401 for visitors (pages redirect them to sign in) and 403 for users who may not. */
export function authorize(
  user: SignedInUser | null,
  action: Action,
  resource?: unknown,
): asserts user is SignedInUser {
  if (!user) throw unauthorized();
  if (!can(user, action, resource)) throw forbidden();
}
