import { Type, type Static } from '@sinclair/typebox';
import { Envelope } from '../envelope.ts';
import { CardModelSchema } from '../enums.ts';

/** GET /v1/ping */
export const PingResponse = Envelope(Type.Null());

/** GET /v1/products */
export const Product = Type.Object({
  productCode: Type.String(),
  productName: Type.String(),
  cardModels: Type.Array(CardModelSchema),
  cardCurrency: Type.Array(Type.String(), { description: 'Settlement currencies' }),
  description: Type.Union([Type.String(), Type.Null()]),
});
export type Product = Static<typeof Product>;
export const ProductsResponse = Envelope(Type.Array(Product));
