import { Type, type Static } from '@sinclair/typebox';
import { Envelope, Page, PageQuery, AmountInput, AmountOutput, DateTimeOutput, IdInput } from '../envelope.ts';

/**
 * Operator API: customers (detail, search, update, product entitlements) and
 * funding adjustments. Request bodies reject unknown fields, as in admin.ts.
 */
const strict = { additionalProperties: false } as const;

export const CustomerStatusSchema = Type.Union([Type.Literal('Active'), Type.Literal('Disabled')]);
// The same shape as admin.ts's Customer, restated: admin.ts re-exports this file, so importing from it would be a cycle.
const Customer = Type.Object({
  customerId: Type.String(),
  name: Type.String(),
  status: CustomerStatusSchema,
  createdOn: DateTimeOutput('Created'),
});
export const ProductAccessSchema = Type.Union([Type.Literal('All'), Type.Literal('Selected')], {
  description: "'All': every product of the catalog; 'Selected': only productCodes",
});
export type ProductAccess = Static<typeof ProductAccessSchema>;

export const CustomersListQuery = Type.Object({
  ...PageQuery,
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Part of the name or of the customer id (case-insensitive)' })),
  status: Type.Optional(CustomerStatusSchema),
}, strict);
export type CustomersListQuery = Static<typeof CustomersListQuery>;
export const CustomerPageResponse = Envelope(Page(Customer));

export const CustomerBalance = Type.Object({
  currency: Type.String(),
  amount: AmountOutput('Available: ledger balance minus holds (as GET /v1/accounts)'),
  ledgerAmount: AmountOutput('Ledger balance'),
  heldAmount: AmountOutput('Held by orders in flight and open authorizations'),
});
export const CustomerCounts = Type.Object({
  cards: Type.Object({
    Active: Type.Integer(), Blocked: Type.Integer(), Cancel: Type.Integer(), Expired: Type.Integer(),
  }, { description: 'Cards by status' }),
  users: Type.Integer({ description: 'Console users of the customer' }),
  activeClients: Type.Integer({ description: 'API credentials not revoked' }),
  webhookEndpoints: Type.Integer(),
});
export const CustomerDetail = Type.Composite([Customer, Type.Object({
  productAccess: ProductAccessSchema,
  requireTotp: Type.Boolean({ description: 'Its users must use two-factor sign-in' }),
  balances: Type.Array(CustomerBalance),
  counts: CustomerCounts,
})]);
export type CustomerDetail = Static<typeof CustomerDetail>;
export const CustomerDetailResponse = Envelope(CustomerDetail);

export const CustomerUpdateRequest = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  requireTotp: Type.Optional(Type.Boolean()),
}, { ...strict, minProperties: 1 });
export type CustomerUpdateRequest = Static<typeof CustomerUpdateRequest>;

export const MAX_ENTITLED_PRODUCTS = 100;
export const CustomerEntitlements = Type.Object({
  productAccess: ProductAccessSchema,
  productCodes: Type.Array(Type.String({ minLength: 1, maxLength: 32 }), {
    maxItems: MAX_ENTITLED_PRODUCTS, uniqueItems: true, description: "The products a 'Selected' customer may see and order",
  }),
}, strict);
export type CustomerEntitlements = Static<typeof CustomerEntitlements>;
export const CustomerEntitlementsResponse = Envelope(CustomerEntitlements);

export const AdjustmentRequest = Type.Object({
  customerId: IdInput('Customer id'),
  currency: Type.String({ minLength: 3, maxLength: 3 }),
  amount: AmountInput('Signed: positive credits the funding account, negative debits it'),
  reference: Type.String({ minLength: 1, maxLength: 64, description: 'Your reference; an adjustment is recorded once per reference' }),
  reason: Type.String({ minLength: 1, maxLength: 500, description: 'Why (kept in the audit log)' }),
}, strict);
export type AdjustmentRequest = Static<typeof AdjustmentRequest>;
export const Adjustment = Type.Object({
  adjustmentId: Type.String(),
  customerId: Type.String(),
  currency: Type.String(),
  amount: AmountOutput('Signed: positive credited, negative debited'),
  reference: Type.String(),
  balanceAfter: AmountOutput('Funding account ledger balance after the adjustment'),
  createdOn: DateTimeOutput('Recorded'),
});
export type Adjustment = Static<typeof Adjustment>;
export const AdjustmentResponse = Envelope(Adjustment);
