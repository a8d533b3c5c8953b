import type { FastifyRequest } from 'fastify';
import type { admin } from '@cardepass/contract';
import type { NewPasswordLink } from '../../../services/people/password-links.ts';
import type { Manager } from '../../../services/people/user-admin.ts';
import { ownCustomerId } from '../access.ts';

/** Who manages users in this request: the role, the user (null for the admin key) and, for a customer admin, its customer. */
export function managerOf(request: FastifyRequest): Manager {
  const { actor } = request;
  return { role: actor.role, userId: actor.type === 'user' ? actor.id : null, customerId: ownCustomerId(request) };
}

/**
 * The link as the administrator hands it over: the token in the fragment, which
 * browsers never send, so no server, proxy or referrer log ever holds it.
 */
export function renderPasswordLink(link: NewPasswordLink): admin.UsersPasswordLink {
  return { url: `/console/set-password#token=${encodeURIComponent(link.token)}`, expiresOn: link.expiresAt.toISOString() };
}
