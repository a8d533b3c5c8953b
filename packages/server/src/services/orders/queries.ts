import type { CardModel } from '@cardepass/contract';
import type { Store } from '../../db/store.ts';
import { ApiError } from '../../lib/api-error.ts';
import { orderFromDb, type OrderRow } from './model.ts';

/** Orders of one customer and card mode, by number or as a page filtered by type (newest first). */
export class OrderQueries {
  constructor(private readonly store: Store) {}

  async find(customerId: string, cardModel: CardModel, by: { orderNo?: string | undefined; customerOrderNo?: string | undefined }): Promise<OrderRow> {
    let query = this.store.db.selectFrom('orders').selectAll().where('customer_id', '=', customerId).where('card_model', '=', cardModel);
    if (by.orderNo) query = query.where('order_no', '=', by.orderNo);
    if (by.customerOrderNo) query = query.where('customer_order_no', '=', by.customerOrderNo);
    const row = await query.executeTakeFirst();
    if (!row) throw new ApiError('ORDER_NOT_FOUND');
    return orderFromDb(row);
  }

  async page(customerId: string, cardModel: CardModel, orderType: string | undefined, limit: number, offset: number): Promise<{ total: number; rows: OrderRow[] }> {
    let base = this.store.db.selectFrom('orders').where('customer_id', '=', customerId).where('card_model', '=', cardModel);
    if (orderType) base = base.where('order_type', '=', orderType);
    const [rows, count] = await Promise.all([
      base.selectAll().orderBy('created_at', 'desc').orderBy('order_no', 'desc').limit(limit).offset(offset).execute(),
      base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { total: Number(count.n), rows: rows.map(orderFromDb) };
  }
}
