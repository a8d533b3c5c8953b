import { Type, type Static } from '@sinclair/typebox';
import { Envelope, AmountInput, AmountOutput, DateTimeOutput, IdInput, NullableDateTime } from '../envelope.ts';
import { CardModelSchema, ChargeMethodTypeSchema, CardOrganizationSchema, FeeCodeSchema } from '../enums.ts';
import { ProductFeesInput } from './admin-products.ts';

/**
 * Operator API under /admin/v1, authenticated by the admin key. Same envelope as /v1.
 * Request bodies reject unknown fields: a typo in an operator's product or
 * deposit must not silently create something else.
 */
const strict = { additionalProperties: false } as const;

export const Customer = Type.Object({
  customerId: Type.String(),
  name: Type.String(),
  status: Type.Union([Type.Literal('Active'), Type.Literal('Disabled')]),
  createdOn: DateTimeOutput('Created'),
});
export type Customer = Static<typeof Customer>;

export const ClientCredentials = Type.Object({
  clientId: Type.String(),
  clientSecret: Type.String({ description: 'Shown once; stored only as a scrypt hash' }),
});
export const ApiClient = Type.Object({
  clientId: Type.String(),
  customerId: Type.String(),
  status: Type.Union([Type.Literal('Active'), Type.Literal('Revoked')]),
  createdOn: DateTimeOutput('Created'),
});

export const CreateCustomerRequest = Type.Object({ name: Type.String({ minLength: 1, maxLength: 128 }) }, strict);
export const CreateCustomerResponse = Envelope(Type.Composite([Customer, ClientCredentials]));
export const CustomerParams = Type.Object({ customerId: IdInput('Customer id') });
export const CustomerResponse = Envelope(Customer);
export const ClientParams = Type.Object({ clientId: IdInput('Client id') });
export const CreateClientResponse = Envelope(Type.Composite([ClientCredentials, Type.Object({ customerId: Type.String() })]));
export const ClientResponse = Envelope(ApiClient);
export const ClientListResponse = Envelope(Type.Array(ApiClient));

export const DepositRequest = Type.Object({
  customerId: IdInput('Customer id'),
  currency: Type.String({ minLength: 3, maxLength: 3 }),
  amount: AmountInput('Amount to credit'),
  reference: Type.String({ minLength: 1, maxLength: 64, description: 'Your reference (bank transfer id…); a deposit is recorded once per reference' }),
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'Why (kept in the audit log)' })),
}, strict);
export type DepositRequest = Static<typeof DepositRequest>;
export const Deposit = Type.Object({
  depositId: Type.String(),
  customerId: Type.String(),
  currency: Type.String(),
  amount: AmountOutput('Credited'),
  reference: Type.String(),
  balanceAfter: AmountOutput('Funding account ledger balance after the deposit'),
  createdOn: DateTimeOutput('Recorded'),
});
export const DepositResponse = Envelope(Deposit);

export const FeeRule = Type.Object({
  feeCode: FeeCodeSchema,
  chargeMethodType: ChargeMethodTypeSchema,
  fixedValue: Type.String({ description: 'Major units, as decimal text' }),
  percent: Type.Number(),
});

export const CreateProductRequest = Type.Object({
  productCode: Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_\\-]+$' }),
  productName: Type.String({ minLength: 1, maxLength: 128 }),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  cardModels: Type.Array(CardModelSchema, { minItems: 1, maxItems: 2, uniqueItems: true }),
  cardCurrency: Type.Array(Type.String({ minLength: 3, maxLength: 3 }), { minItems: 1, maxItems: 20, uniqueItems: true }),
  cardOrganization: Type.Optional(CardOrganizationSchema),
  binRange: Type.String({ pattern: '^[0-9]{6,8}$', description: 'BIN prefix of the PANs this product issues' }),
  validityMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 120, default: 36 })),
  fees: Type.Optional(ProductFeesInput),
}, strict);
export type CreateProductRequest = Static<typeof CreateProductRequest>;
export const AdminProduct = Type.Object({
  productCode: Type.String(),
  productName: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  cardModels: Type.Array(CardModelSchema),
  cardCurrency: Type.Array(Type.String()),
  cardOrganization: CardOrganizationSchema,
  binRange: Type.String(),
  validityMonths: Type.Integer(),
  fees: Type.Array(FeeRule),
  createdOn: DateTimeOutput('Created'),
  retiredOn: NullableDateTime('Retired: no new cards (existing cards keep working); null while offered'),
});
export type AdminProduct = Static<typeof AdminProduct>;
export const AdminProductResponse = Envelope(AdminProduct);
export const AdminProductListResponse = Envelope(Type.Array(AdminProduct));

export const LedgerVerification = Type.Object({
  ok: Type.Boolean(),
  entriesChecked: Type.Integer(),
  accountsChecked: Type.Integer(),
  problems: Type.Array(Type.String(), { description: 'Empty when ok' }),
});
export type LedgerVerification = Static<typeof LedgerVerification>;
export const LedgerVerificationResponse = Envelope(LedgerVerification);
export * from './admin-keys.ts';
export * from './admin-events.ts';
export * from './admin-users.ts';
export * from './admin-webhook-manage.ts';
export * from './admin-customers.ts';
export * from './admin-orders.ts';
export * from './admin-cards.ts';
export * from './admin-ledger.ts';
export * from './admin-audit.ts';
export * from './admin-products.ts';
export * from './admin-card-orders.ts';
export * from './admin-exports.ts';
