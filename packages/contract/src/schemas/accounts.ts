import { Type, type Static } from '@sinclair/typebox';
import { Envelope, Page, PageQuery, AmountOutput, DateTimeOutput } from '../envelope.ts';

/** GET /v1/accounts */
export const FundingAccount = Type.Object({
  currency: Type.String(),
  amount: AmountOutput('Available balance: ledger balance minus holds and orders in flight'),
  ledgerAmount: AmountOutput('Ledger balance'),
  heldAmount: AmountOutput('Held by orders in flight and open authorizations'),
});
export type FundingAccount = Static<typeof FundingAccount>;
export const AccountsResponse = Envelope(Type.Array(FundingAccount));

const DateFilter = (description: string) =>
  Type.Optional(Type.String({ maxLength: 40, description: `${description}: ISO 8601 date or date-time (UTC); a date covers the whole day` }));

/** One posting on an account, as the logs show it. */
export const AccountLog = Type.Object({
  logId: Type.String(),
  cardId: Type.Union([Type.String(), Type.Null()]),
  currency: Type.String(),
  amount: AmountOutput('Signed: positive credits the account, negative debits it'),
  balanceAfter: AmountOutput('Ledger balance after this posting'),
  logType: Type.String({ description: 'Deposit, ApplyCard, CardTopUp, CardWithdraw, CardCancel, …' }),
  feeCode: Type.Union([Type.String(), Type.Null()], { description: 'Set when the posting is a fee' }),
  orderNo: Type.Union([Type.String(), Type.Null()]),
  reference: Type.Union([Type.String(), Type.Null()]),
  description: Type.String(),
  createdOn: DateTimeOutput('When the posting was made'),
});
export type AccountLog = Static<typeof AccountLog>;

/** GET /v1/accounts/cardAccountLogs */
export const CardAccountLogsQuery = Type.Object({
  CardId: Type.Optional(Type.String({ maxLength: 64 })),
  TransactionDateFrom: DateFilter('From'),
  TransactionDateTo: DateFilter('To (inclusive)'),
  ...PageQuery,
});
export type CardAccountLogsQuery = Static<typeof CardAccountLogsQuery>;
export const AccountLogPage = Page(AccountLog);
export const CardAccountLogsResponse = Envelope(AccountLogPage);

/** GET /v1/accounts/accountLogs (the documents page it with Limit/Offset) */
export const AccountLogsQuery = Type.Object({
  TransactionDateFrom: DateFilter('From'),
  TransactionDateTo: DateFilter('To (inclusive)'),
  Currency: Type.Optional(Type.String({ maxLength: 3 })),
  Limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  Offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000, default: 0 })),
});
export type AccountLogsQuery = Static<typeof AccountLogsQuery>;
export const AccountLogsResponse = Envelope(AccountLogPage);
