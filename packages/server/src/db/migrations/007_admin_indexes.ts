/**
 * Indexes the operator API's cross-customer reads need. Both are cheap on the
 * write path: neither column ever changes after insert, so updates of these
 * rows (an order finishing, a card blocked) stay HOT (no index writes), and an
 * insert pays one more index entry.
 */
export const up = /* sql */ `
-- A card's orders (its history on GET /admin/v1/cards/{cardId}, the cardId filter of /admin/v1/orders).
-- Without it, a card's history reads every order of its customer. card_id is set when the order is
-- accepted (an ApplyCard's card id is chosen then), so finishing the order does not touch this index.
CREATE INDEX orders_card_time ON orders (card_id, created_at DESC, order_no DESC) WHERE card_id IS NOT NULL;

-- Searching cards by the last 4 digits of their number across every customer (the console's search box):
-- without it a sequential scan of all cards. Cards are inserted once and pan_last4 never changes.
CREATE INDEX cards_last4 ON cards (pan_last4, created_at DESC);
`;
