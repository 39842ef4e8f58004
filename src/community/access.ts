import type { SignedInUser } from '../platform/views/page-context.ts';
import type { Post, Scope } from './community.ts';

/** What the policy needs to know about a viewer and a discussion (computed per request by the routes). */
export interface DiscussionAccess {
  scope: Scope;
  /** Enrolled in the unit's course (always false for case discussions). */
  enrolled: boolean;
  /** Suspended from discussions now. */
  suspended: boolean;
}

export interface PostAccess {
  access: DiscussionAccess;
  post: Pick<Post, 'authorId'>;
}

/** Moderators keep discussions safe; admins may do anything a moderator does. */
export const isModerator = (user: Pick<SignedInUser, 'roles'> | null): boolean =>
  !!user && (user.roles.has('moderator') || user.roles.has('admin'));

/** Case discussions are public; a unit's belongs to its course's learners (and moderators). */
export const canReadDiscussion = (user: SignedInUser | null, access: DiscussionAccess): boolean =>
  access.scope === 'case' || access.enrolled || isModerator(user);
