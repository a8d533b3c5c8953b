// Request and response examples for the OpenAPI document, derived from the
// route schemas themselves: a schema's own `examples`/`default`/`const`/`enum`
// wins, then a realistic value for a well-known field name, then a value of the
// schema's type. Deriving them (instead of writing one per endpoint) keeps the
// document single-sourced: a route added tomorrow gets examples that match its
// schema without anyone touching this file.

/** A JSON Schema node as TypeBox emits it (only the keywords read here). */
export interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  allOf?: SchemaNode[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  examples?: unknown[];
  format?: string;
  minimum?: number;
  [key: string]: unknown;
}

// Values consistent with each other and with the README's walkthrough (demo product
// PROD001, id formats of lib/ids.ts), so an example reads like a real exchange.
const CARD_ID = 'CARD7K2M9Q4TX1B8N6PR';
const FIELD_EXAMPLES: Record<string, unknown> = {
  responseId: '3f2b8c1e-7a4d-4e0b-9c61-2d5f8a9b0c47',
  hasError: false,
  errorCode: null,
  errorMessage: 'Success',
  grant_type: 'client_credentials',
  client_id: 'cdp_7k2m9q4tx1b8n6prw3dz',
  client_secret: 'cdps_Q2hhbmdlIG1lOiBub3QgYSByZWFsIHNlY3JldA',
  scope: 'openapi',
  access_token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJDVVM3SzJNOVE0VFgxQjhOIiwic2NvcGUiOiJvcGVuYXBpIn0.c2lnbmF0dXJl',
  expires_in: 3600,
  token_type: 'Bearer',
  productCode: 'PROD001',
  productName: 'USD/EUR virtual card',
  cardCurrency: 'USD',
  currency: 'USD',
  Currency: 'USD',
  cardId: CARD_ID,
  CardId: CARD_ID,
  cardAlias: 'My card',
  alias: 'My card',
  customerOrderNo: 'ORD20250115001',
  CustomerOrderNo: 'ORD20250115001',
  orderNo: 'ORD250115083000K7Q2M9X4',
  OrderNo: 'ORD250115083000K7Q2M9X4',
  topUpAmount: 100,
  totalTopUpAmount: 100,
  withdrawAmount: 50,
  cardNumber: '5229810042715637',
  maskCardNumber: '522981***5637',
  cvv: '123',
  expirationMMYY: '01/28',
  balanceAmount: 100,
  status: 'Completed',
  failureReason: null,
  payMessage: null,
  totalFee: 2,
  totalPayAmount: 102,
  feeAmount: 1,
  fee: 1,
  withdrawFee: 1,
  totalAmount: 51,
  fixedValue: 1,
  percent: 0,
  heldAmount: 0,
  pageNumber: 1,
  pageSize: 20,
  totalRecords: 1,
  totalPages: 1,
  feeCode: 'CARD_TOPUP',
  feeName: 'Top-up fee',
  logType: 'CardTopUp',
  settleStatus: 'Settled',
  note: 'Blocked at the customer\'s request',
  transactionId: 'TXN250115083000M4R8T2WQ',
  merchantName: 'Blue Bottle Coffee',
  mcc: '5814',
  merchantCountry: 'US',
  authCode: '482913',
  reference: 'NET20250115000123',
  billingCurrency: 'USD',
  declineReason: null,
  declineMessage: null,
  authorizationId: null,
  TransactionDateFrom: '2025-01-01',
  TransactionDateTo: '2025-01-31',
  // Events (GET /v1/events, resend, recover).
  eventId: 'evt_3f0c2b8e1a4d4e0b9c612d5f8a9b0c47',
  DateFrom: '2025-01-01',
  DateTo: '2025-01-31',
  since: '2025-01-15T00:00:00Z',
  endpointId: 'we_5k2m9q4tx1b8n6prw3dzh7ca',
  url: 'https://hooks.example.com/cardepass',
  eventTypes: ['order.completed', 'card.updated'],
  secret: 'whsec_QmVuZ2FsaSBleGFtcGxlIG5vdCBhIHNlY3JldA==',
};

const SAMPLE_DATE_TIME = '2025-01-15T08:30:00.000Z';

function typesOf(schema: SchemaNode): string[] {
  return schema.type === undefined ? [] : [schema.type].flat();
}

/** Whether a hint fits the schema (type, enum, string rules); the tests validate every example fully. */
function fits(value: unknown, schema: SchemaNode): boolean {
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.some((variant) => fits(value, variant));
  if (schema.enum && !schema.enum.includes(value)) return false;
  if (schema.const !== undefined && schema.const !== value) return false;
  if (typeof value === 'string') {
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) return false;
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) return false;
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) return false;
  }
  const types = typesOf(schema);
  if (types.length === 0) return true;
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return types.some((t) => t === actual || (t === 'integer' && Number.isInteger(value)) || (t === 'number' && actual === 'number'));
}

/**
 * An example value for a schema; `name` is the property it sits under, if any;
 * `hints` are field values of this one operation, over the general ones.
 */
export function exampleOf(schema: SchemaNode, name?: string, hints: Record<string, unknown> = {}): unknown {
  if (schema.examples?.length) return schema.examples[0];
  if (schema.const !== undefined) return schema.const;
  const hint = name === undefined ? undefined
    : Object.hasOwn(hints, name) ? hints[name] : Object.hasOwn(FIELD_EXAMPLES, name) ? FIELD_EXAMPLES[name] : undefined;
  if (hint !== undefined && fits(hint, schema)) return hint;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) {
    // The first non-null variant shows the shape; a nullable field's null is not worth showing.
    const chosen = variants.find((v) => !typesOf(v).includes('null')) ?? variants[0]!;
    return exampleOf(chosen, name, hints);
  }
  if (schema.allOf?.length) return Object.assign({}, ...schema.allOf.map((part) => exampleOf(part, name, hints)));
  const types = typesOf(schema);
  const type = types.find((t) => t !== 'null') ?? types[0];
  switch (type) {
    case 'object': return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, sub]) => [key, exampleOf(sub, key, hints)]));
    case 'array': return schema.items ? [exampleOf(schema.items, name, hints)] : [];
    case 'string': return schema.format === 'date-time' ? SAMPLE_DATE_TIME : schema.format === 'date' ? SAMPLE_DATE_TIME.slice(0, 10) : 'string';
    case 'integer': return schema.minimum ?? 1;
    case 'number': return schema.minimum ?? 100;
    case 'boolean': return false;
    case 'null': return null;
    default: return {};
  }
}
