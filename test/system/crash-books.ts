// What must hold after the crash test's chaos, once every process is up again
// and no order is Processing: every acknowledged order and authorization
// exists exactly once and is final, nothing refused left a trace, and the
// balances are what the completed orders and open authorizations say. Each
// finding is a line in `problems`; the test expects none.
import pg from 'pg';
import { getData } from './crash-client.ts';
import { acknowledgedAuthorizations, acknowledgedOrders, type LoadRecord } from './crash-load.ts';

export interface BooksInput {
  base: string;
  token: string;
  adminKey: string;
  databaseUrl: string;
  customerId: string;
  runId: string;
  /** Everything credited to the funding account (USD), in cents. */
  depositedCents: number;
  standardCards: string[];
  /** The product's fee schedule, as configured: top-up percent (fraction) and fixed withdraw fee in cents. */
  topUpFeePercent: number;
  withdrawFeeCents: number;
  record: LoadRecord;
}

export interface Books { problems: string[]; completed: number; failed: number; lost: number; doubled: number; heldCents: number }

const cents = (amount: number) => Math.round(amount * 100);
/** Percent fees round half up to the minor unit (DESIGN.md, Money). */
const percentFee = (amountCents: number, fraction: number) => Math.floor(amountCents * fraction + 0.5 + 1e-9);

/** Runs fn over items with at most `parallel` calls in flight. */
async function eachLimited<T>(items: T[], parallel: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

export async function checkBooks(input: BooksInput): Promise<Books> {
  const problems: string[] = [];
  const auth = { authorization: `Bearer ${input.token}` };
  const db = new pg.Client({ connectionString: input.databaseUrl });
  await db.connect();
  try {
    // --- orders: each acknowledged one, by its customerOrderNo, exactly as acknowledged and final ---
    const acked = acknowledgedOrders(input.record);
    let lost = 0;
    await eachLimited(acked, 8, async (sent) => {
      const order = await getData(input.base, `/openapi/v1/orders/standard?CustomerOrderNo=${encodeURIComponent(sent.customerOrderNo)}`, auth).catch(() => null);
      if (!order) { lost++; problems.push(`order ${sent.customerOrderNo} was acknowledged (${sent.answer.data.orderNo}) but is not found`); return; }
      if (order.orderNo !== sent.answer.data.orderNo) problems.push(`order ${sent.customerOrderNo}: acknowledged as ${sent.answer.data.orderNo}, found ${order.orderNo}`);
      if (!['Completed', 'Failure'].includes(order.status)) problems.push(`order ${sent.customerOrderNo} is ${order.status}, not final`);
    });
    // The database directly: one row per key, and no order this run did not send.
    const rows = (await db.query<{ customer_order_no: string; status: string; n: string }>(
      `SELECT customer_order_no, min(status) AS status, count(*) AS n FROM orders WHERE customer_id = $1 AND customer_order_no LIKE $2 GROUP BY customer_order_no`,
      [input.customerId, `crash-${input.runId}-%`])).rows;
    const inDb = new Map(rows.map((r) => [r.customer_order_no, r]));
    const doubledOrders = rows.filter((r) => Number(r.n) > 1);
    for (const r of doubledOrders) problems.push(`customerOrderNo ${r.customer_order_no} has ${r.n} orders`);
    const sentKeys = new Map(input.record.orders.map((o) => [o.customerOrderNo, o]));
    for (const r of rows) if (!sentKeys.has(r.customer_order_no)) problems.push(`order ${r.customer_order_no} exists but was never sent`);
    for (const o of input.record.orders) {
      // A 4xx changes nothing (DESIGN.md, Orders): a refused key must have left no order behind.
      if (o.answer.kind === 'refused' && inDb.has(o.customerOrderNo)) problems.push(`order ${o.customerOrderNo} was refused (${o.answer.errorCode}) but exists`);
    }

    // --- authorizations: one row per reference, the one acknowledged, still in its answered status ---
    const authRows = (await db.query<{ reference: string; id: string; status: string; n: string }>(
      `SELECT reference, min(id) AS id, min(status) AS status, count(*) AS n FROM card_transactions
        WHERE customer_id = $1 AND type = 'Authorization' AND reference LIKE $2 GROUP BY reference`,
      [input.customerId, `crash-auth-${input.runId}-%`])).rows;
    const authInDb = new Map(authRows.map((r) => [r.reference, r]));
    const doubledAuths = authRows.filter((r) => Number(r.n) > 1);
    for (const r of doubledAuths) problems.push(`reference ${r.reference} has ${r.n} authorizations`);
    for (const a of acknowledgedAuthorizations(input.record)) {
      const row = authInDb.get(a.reference);
      if (!row) { lost++; problems.push(`authorization ${a.reference} was acknowledged (${a.answer.data.transactionId}) but is not in the database`); continue; }
      if (row.id !== a.answer.data.transactionId) problems.push(`authorization ${a.reference}: acknowledged as ${a.answer.data.transactionId}, stored as ${row.id}`);
      if (row.status !== a.answer.data.status || !['Pending', 'Declined'].includes(row.status)) problems.push(`authorization ${a.reference}: answered ${a.answer.data.status}, stored ${row.status}`);
    }
    for (const a of input.record.authorizations) {
      if (a.answer.kind === 'refused' && authInDb.has(a.reference)) problems.push(`authorization ${a.reference} was refused (${a.answer.errorCode}) but exists`);
    }

    // --- balances from the orders list: every Standard order of the customer, whoever sent it ---
    const orders: any[] = [];
    for (let page = 1; ; page++) {
      const data = await getData(input.base, `/openapi/v1/orders/standard?PageNumber=${page}&PageSize=100`, auth);
      orders.push(...data.data);
      if (page >= data.totalPages) break;
    }
    const cardCents = new Map(input.standardCards.map((id) => [id, 0]));
    let fundingCents = input.depositedCents;
    let completed = 0;
    let failed = 0;
    for (const o of orders) {
      if (o.status === 'Processing') problems.push(`order ${o.orderNo} still Processing`);
      if (o.status !== 'Completed') { if (o.status === 'Failure') failed++; continue; }
      completed++;
      if (o.orderType === 'ApplyCard') {
        cardCents.set(o.cardInfos[0].cardId, (cardCents.get(o.cardInfos[0].cardId) ?? 0) + cents(o.totalTopUpAmount));
        fundingCents -= cents(o.totalPayAmount);
      } else if (o.orderType === 'CardTopUp') {
        const fee = percentFee(cents(o.totalTopUpAmount), input.topUpFeePercent);
        if (cents(o.totalFee) !== fee) problems.push(`top-up ${o.orderNo}: fee ${o.totalFee}, the schedule says ${fee / 100}`);
        cardCents.set(o.cardId, (cardCents.get(o.cardId) ?? 0) + cents(o.totalTopUpAmount));
        fundingCents -= cents(o.totalPayAmount);
      } else if (o.orderType === 'CardWithdraw') {
        if (cents(o.withdrawFee) !== input.withdrawFeeCents) problems.push(`withdrawal ${o.orderNo}: fee ${o.withdrawFee}, the schedule says ${input.withdrawFeeCents / 100}`);
        cardCents.set(o.cardId, (cardCents.get(o.cardId) ?? 0) - cents(o.totalAmount));
        fundingCents += cents(o.withdrawAmount);
      }
    }
    for (const [cardId, expected] of cardCents) {
      const card = await getData(input.base, `/openapi/v1/cards/${cardId}`, auth);
      if (cents(card.balanceAmount) !== expected) problems.push(`card ${cardId}: balance ${card.balanceAmount}, its completed orders say ${expected / 100}`);
    }
    // ShareBalance cards were opened for their open fee; it came from the same funding account.
    const shareOrders = await getData(input.base, '/openapi/v1/orders/sharebalance?OrderType=ApplyCard&PageSize=100', auth);
    for (const o of shareOrders.data) if (o.status === 'Completed') fundingCents -= cents(o.totalAmount);

    const accounts = await getData(input.base, '/openapi/v1/accounts', auth);
    const usd = accounts.find((a: any) => a.currency === 'USD');
    const held = await db.query<{ held: string | null }>(`SELECT sum(held_minor) AS held FROM card_transactions WHERE customer_id = $1 AND status = 'Pending'`, [input.customerId]);
    const heldCents = Number(held.rows[0]?.held ?? 0);
    if (cents(usd.ledgerAmount) !== fundingCents) problems.push(`funding account: ledger ${usd.ledgerAmount}, deposits and completed orders say ${fundingCents / 100}`);
    if (cents(usd.heldAmount) !== heldCents) problems.push(`funding account: held ${usd.heldAmount}, open authorizations hold ${heldCents / 100}`);
    if (cents(usd.amount) !== fundingCents - heldCents) problems.push(`funding account: available ${usd.amount}, expected ${(fundingCents - heldCents) / 100}`);

    const verify = await getData(input.base, '/admin/v1/ledger/verify', { 'x-admin-key': input.adminKey });
    if (!verify.ok) problems.push(`ledger verify: ${verify.problems.slice(0, 5).join('; ')}`);
    return { problems, completed, failed, lost, doubled: doubledOrders.length + doubledAuths.length, heldCents };
  } finally {
    await db.end();
  }
}
