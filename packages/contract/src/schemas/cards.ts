import { Type, type Static } from '@sinclair/typebox';
import { Envelope, AmountOutput, DateTimeOutput, IdInput } from '../envelope.ts';
import { CardModelSchema, CardStatusSchema, CardOrganizationSchema } from '../enums.ts';

const NullableAmount = (description: string) => Type.Union([Type.Number(), Type.Null()], { description });

/** GET /v1/cards/{cardId} */
export const CardParams = Type.Object({ cardId: IdInput('Card id') });
export const Card = Type.Object({
  cardId: Type.String(),
  cardModel: CardModelSchema,
  productCode: Type.String(),
  cardNumber: Type.String({ description: 'Full 16-digit PAN' }),
  cvv: Type.String(),
  expirationMMYY: Type.String({ description: 'MM/YY' }),
  cardCurrency: Type.String(),
  alias: Type.Union([Type.String(), Type.Null()]),
  balanceAmount: AmountOutput('What the card can spend now'),
  status: CardStatusSchema,
  maxAuthAmount: NullableAmount('ShareBalance: largest single authorization'),
  usedCreditAmount: NullableAmount('ShareBalance: credit used so far'),
  maxCreditAmount: NullableAmount('ShareBalance: total credit limit; null means unlimited'),
  cardOrganization: CardOrganizationSchema,
  applyTime: DateTimeOutput('When the card was applied for'),
});
export type Card = Static<typeof Card>;
export const CardResponse = Envelope(Card);

/** The masked card summary orders carry (`cardInfo`, `cardInfos[]`). */
export const CardInfo = Type.Object({
  cardId: Type.String(),
  productCode: Type.String(),
  productName: Type.String(),
  cardCurrency: Type.String(),
  maskCardNumber: Type.String({ description: 'First 6 + *** + last 4' }),
  cardModel: CardModelSchema,
});
export type CardInfo = Static<typeof CardInfo>;
