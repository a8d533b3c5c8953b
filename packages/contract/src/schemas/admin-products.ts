import { Type, type Static } from '@sinclair/typebox';
import { AmountInput, IdInput } from '../envelope.ts';
import { ChargeMethodTypeSchema } from '../enums.ts';

/**
 * Product management under /admin/v1: the fee schedule (shared by create and
 * update), updates and retirement. admin.ts imports the fee schedule from here
 * (never the other way round: admin.ts re-exports this file).
 */
const strict = { additionalProperties: false } as const;

export const FeeRuleInput = Type.Object({
  chargeMethodType: ChargeMethodTypeSchema,
  fixedValue: Type.Optional(AmountInput('Fixed fee in major units of the card currency')),
  percent: Type.Optional(Type.Union([Type.Number(), Type.String({ maxLength: 12 })], { description: 'Fraction: 0.015 = 1.5 %' })),
}, strict);

export const ProductFeesInput = Type.Partial(Type.Object({
  CARD_ISSUE: FeeRuleInput, CARD_TOPUP: FeeRuleInput, CARD_WITHDRAW: FeeRuleInput, CARD_CANCEL: FeeRuleInput, SHARE_BALANCE_OPEN: FeeRuleInput,
}, strict));
export type ProductFeesInput = Static<typeof ProductFeesInput>;

export const ProductParams = Type.Object({ productCode: IdInput('Product code') });

export const ProductUpdateRequest = Type.Object({
  productName: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()], { description: 'null clears it' })),
  binRange: Type.Optional(Type.String({ pattern: '^[0-9]{6,8}$', description: 'BIN prefix of the PANs issued from now on (existing cards keep theirs)' })),
  fees: Type.Optional(Type.Intersect([ProductFeesInput], { description: 'The new fee schedule, replacing the whole old one (a fee left out is no longer charged)' })),
}, { ...strict, minProperties: 1 });
export type ProductUpdateRequest = Static<typeof ProductUpdateRequest>;
