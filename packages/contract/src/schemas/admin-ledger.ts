import { Type, type Static } from '@sinclair/typebox';
import { Envelope, Page, PageQuery, AmountOutput, DateTimeOutput, IdInput } from '../envelope.ts';

/**
 * The ledger as the operator API and the console show it under /admin/v1:
 * accounts with their balances, journal entries with their postings, and the
 * daily statistics behind the console's charts. Customer users see only their
 * own customer's funding and card accounts (never the platform's side).
 */
const ACCOUNT_TYPES = ['funding', 'card', 'fee_revenue', 'external', 'network'] as const;
export const LedgerAccountTypeSchema = Type.Union(ACCOUNT_TYPES.map((t) => Type.Literal(t)), {
  description: 'funding (a customer\'s funding account), card (a Standard card\'s balance); platform side: fee_revenue, external (operator deposits), network (card-network settlement)',
});

const DateInput = (description: string) => Type.String({ maxLength: 40, description: `${description}: ISO 8601 date or date-time, UTC` });

export const LedgerAccountsQuery = Type.Object({
  customerId: Type.Optional(IdInput('Only this customer\'s accounts (a customer user always gets its own)')),
  currency: Type.Optional(Type.String({ minLength: 3, maxLength: 3 })),
  type: Type.Optional(LedgerAccountTypeSchema),
  cardId: Type.Optional(IdInput('Only the account of this card')),
  ...PageQuery,
});
export type LedgerAccountsQuery = Static<typeof LedgerAccountsQuery>;

export const LedgerAccount = Type.Object({
  accountId: Type.String(),
  customerId: Type.String(),
  type: Type.String({ description: 'funding, card, fee_revenue, external or network' }),
  currency: Type.String(),
  cardId: Type.Union([Type.String(), Type.Null()], { description: 'The card of a card account, else null' }),
  ledgerBalance: AmountOutput('Sum of the account\'s postings'),
  heldAmount: AmountOutput('Held by authorizations and orders in flight (moves no money yet)'),
  availableAmount: Type.Union([AmountOutput('ledgerBalance − heldAmount'), Type.Null()], { description: 'ledgerBalance − heldAmount for funding and card accounts; null for platform accounts' }),
  createdOn: DateTimeOutput('Opened'),
});
export type LedgerAccount = Static<typeof LedgerAccount>;
export const LedgerAccountParams = Type.Object({ accountId: Type.String({ pattern: '^[0-9]{1,18}$', description: 'Account id' }) });
export const LedgerAccountResponse = Envelope(LedgerAccount);
export const LedgerAccountListResponse = Envelope(Page(LedgerAccount));

export const LedgerEntriesQuery = Type.Object({
  customerId: Type.Optional(IdInput('Only this customer\'s entries (a customer user always gets its own)')),
  accountId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: 'Only entries with a posting on this account' })),
  type: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'Entry type: Deposit, ApplyCard, CardTopUp, CardWithdraw, CardCancel, Clearing, Refund, Reversal, Expiry…' })),
  from: Type.Optional(DateInput('Entries recorded from')),
  to: Type.Optional(DateInput('Entries recorded until (inclusive; a date covers the whole day); at most 3 months after from')),
  ...PageQuery,
});
export type LedgerEntriesQuery = Static<typeof LedgerEntriesQuery>;

export const LedgerPosting = Type.Object({
  postingId: Type.String(),
  accountId: Type.String(),
  accountType: Type.String(),
  cardId: Type.Union([Type.String(), Type.Null()]),
  currency: Type.String(),
  direction: Type.Union([Type.Literal('Credit'), Type.Literal('Debit')], { description: 'Credit adds to the account\'s balance, Debit takes from it' }),
  amount: AmountOutput('Always positive; direction says which way'),
  balanceAfter: AmountOutput('The account\'s ledger balance after this posting'),
  feeCode: Type.Union([Type.String(), Type.Null()], { description: 'Set when the posting is a fee' }),
});
export const LedgerEntry = Type.Object({
  entryId: Type.String(),
  customerId: Type.String(),
  type: Type.String({ description: 'What caused it: Deposit, ApplyCard, CardTopUp, CardWithdraw, CardCancel, Clearing, Refund, Reversal, Expiry…' }),
  orderNo: Type.Union([Type.String(), Type.Null()]),
  reference: Type.Union([Type.String(), Type.Null()]),
  createdOn: DateTimeOutput('Recorded'),
  postings: Type.Array(LedgerPosting, { description: 'Sum to zero per currency (a customer user sees only the postings on its own accounts)' }),
});
export type LedgerEntry = Static<typeof LedgerEntry>;
export const LedgerEntryParams = Type.Object({ entryId: Type.String({ pattern: '^[0-9]{1,18}$', description: 'Entry id' }) });
export const LedgerEntryResponse = Envelope(LedgerEntry);
export const LedgerEntryListResponse = Envelope(Page(LedgerEntry));

const DayInput = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: `${description} (yyyy-mm-dd, UTC)` });
export const StatsDailyQuery = Type.Object({
  currency: Type.String({ minLength: 3, maxLength: 3, description: 'The currency counted and summed' }),
  from: Type.Optional(DayInput('First day; default 29 days before to')),
  to: Type.Optional(DayInput('Last day, inclusive; default today')),
  customerId: Type.Optional(IdInput('Only this customer (a customer user always gets its own)')),
});
export type StatsDailyQuery = Static<typeof StatsDailyQuery>;
export const StatsDay = Type.Object({
  date: Type.String({ description: 'UTC day, yyyy-mm-dd' }),
  issuedCards: Type.Integer(),
  orders: Type.Array(Type.Object({ orderType: Type.String(), status: Type.String(), count: Type.Integer() }), { description: 'Orders placed that day, by type and status (only the pairs that occurred)' }),
  authorizationsApproved: Type.Integer(),
  authorizationsApprovedAmount: AmountOutput('Sum of approved authorizations'),
  authorizationsDeclined: Type.Integer(),
  authorizationsDeclinedAmount: AmountOutput('Sum of declined authorizations'),
  topUpAmount: AmountOutput('Completed top-ups, first top-ups of new cards included'),
  withdrawalAmount: AmountOutput('Completed withdrawals'),
});
export const StatsDaily = Type.Object({
  currency: Type.String(),
  from: Type.String(),
  to: Type.String(),
  days: Type.Array(StatsDay, { description: 'Every day from from to to, in order, days without activity included' }),
});
export type StatsDaily = Static<typeof StatsDaily>;
export const StatsDailyResponse = Envelope(StatsDaily);
