// src/wire-types.ts is generated from the contract (scripts/generate-wire-types.mjs)
// and committed, so the published SDK needs neither the contract nor TypeBox.
// These tests fail when it drifts: a contract change must be followed by
// `node packages/sdk/scripts/generate-wire-types.mjs`.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderWireTypes, WIRE_TYPES_FILE, WIRE_TYPE_NAMES } from '../scripts/generate-wire-types.mjs';
import type * as contract from '@cardepass/contract';
import type * as sdk from '../src/index.ts';

describe('the SDK wire types', () => {
  it('are exactly what the contract generates now', async () => {
    const committed = await readFile(WIRE_TYPES_FILE, 'utf8');
    expect(committed === renderWireTypes(), 'src/wire-types.ts is out of date: run node packages/sdk/scripts/generate-wire-types.mjs').toBe(true);
  }, 120_000);

  it('are all exported by the SDK, and nothing imports the contract', async () => {
    const index = await readFile(new URL('../src/index.ts', import.meta.url), 'utf8');
    const exported = /export type \{([^}]*)\} from '\.\/wire-types\.ts'/.exec(index)?.[1]?.split(',').map((s) => s.trim()).filter(Boolean) ?? [];
    expect([...exported].sort()).toEqual([...WIRE_TYPE_NAMES].sort());
    expect(index).not.toContain('@cardepass/contract');
  });
});

// Compile-time guard as well (`npm run typecheck`): each generated type and the
// contract's are assignable both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameTypes: [
  Same<sdk.Card, contract.Card>, Same<sdk.StandardOrder, contract.StandardOrder>, Same<sdk.ShareBalanceOrder, contract.ShareBalanceOrder>,
  Same<sdk.Transaction, contract.Transaction>, Same<sdk.TransactionsQuery, contract.TransactionsQuery>, Same<sdk.AccountLog, contract.AccountLog>,
  Same<sdk.ApplyStandardCardRequest, contract.ApplyStandardCardRequest>, Same<sdk.CreditLimitRequest, contract.CreditLimitRequest>,
  Same<sdk.Product, contract.Product>, Same<sdk.Currency, contract.Currency>, Same<sdk.DeclineReason, contract.DeclineReason>,
  Same<sdk.CardepassEvent, contract.CardepassEvent>, Same<sdk.WebhookEndpointWithSecret, contract.WebhookEndpointWithSecret>,
  Same<sdk.Delivery, contract.Delivery>, Same<sdk.UpdateWebhookEndpointRequest, contract.UpdateWebhookEndpointRequest>,
  Same<sdk.EventsQuery, contract.EventsQuery>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true];
void sameTypes;
