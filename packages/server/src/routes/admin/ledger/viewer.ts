import type { FastifyRequest } from 'fastify';
import type { LedgerViewer } from '../../../services/ledger/explorer.ts';
import { ownCustomerId } from '../access.ts';

/** Who looks at the ledger: an operator sees everything, a customer user its own customer's funding and card accounts. */
export function ledgerViewer(request: FastifyRequest): LedgerViewer {
  const own = ownCustomerId(request);
  return { customerId: own, platformSide: own === null };
}
