import type { FastifyRequest } from 'fastify';
import type { AuditOrigin } from '../../../../services/audit/audit-log.ts';

/**
 * The audit log's origin of a change made by an API client (webhook configuration
 * through /v1): the README promises that an integrator's configuration changes are
 * logged like a person's, so a customer admin can see who pointed events where.
 */
export function clientAuditOrigin(request: FastifyRequest): AuditOrigin {
  const { clientId } = request.principal;
  return { actor: { type: 'api_client', id: clientId, label: clientId }, ip: request.ip, responseId: request.id };
}
