import { Type, type TSchema } from '@sinclair/typebox';

/** Every /v1 response: the documents' envelope around `data`. */
export const Envelope = <T extends TSchema>(data: T, description?: string) =>
  Type.Object(
    {
      responseId: Type.String({ description: 'Keep it: support finds the request by it (also the X-Response-Id header)' }),
      hasError: Type.Boolean(),
      errorCode: Type.Union([Type.String(), Type.Null()], { description: 'Stable error code; null on success' }),
      errorMessage: Type.String({ description: 'English, or Chinese when Accept-Language prefers zh' }),
      data,
    },
    { description },
  );

export const ErrorEnvelope = Envelope(Type.Null(), 'An error: hasError true, errorCode set, data null');

/** The page object of list endpoints. */
export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    pageNumber: Type.Integer(),
    pageSize: Type.Integer(),
    totalRecords: Type.Integer(),
    totalPages: Type.Integer(),
    data: Type.Array(item),
  });

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export const PageQuery = {
  PageNumber: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1, description: 'Page, from 1' })),
  PageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: `Page size, at most ${MAX_PAGE_SIZE}` })),
};

/** Amounts are accepted as JSON numbers or decimal strings; the server parses them exactly. */
export const AmountInput = (description: string) =>
  Type.Union([Type.Number(), Type.String({ maxLength: 40 })], { description: `${description} (JSON number or decimal string)` });

/** Amounts are rendered as JSON numbers with the currency's decimals. */
export const AmountOutput = (description: string) => Type.Number({ description });

export const DateTimeOutput = (description: string) => Type.String({ format: 'date-time', description });
export const NullableDateTime = (description: string) => Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description });

/** Merchant reference; unique per customer for ever. */
export const CustomerOrderNoInput = Type.Optional(
  Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_\\-.:]+$', description: 'Your order number; unique per customer for ever (idempotency key)' }),
);
export const IdInput = (description: string) => Type.String({ minLength: 1, maxLength: 64, description });
