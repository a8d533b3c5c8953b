/**
 * Card spending: the transactions the card network sends (authorizations and
 * the clearings, reversals and refunds that belong to them), and the columns
 * ShareBalance cards need for a limit change in flight.
 */
export const up = /* sql */ `
-- A CreditLimit order in flight: the new limits apply to authorizations at once
-- when they are stricter (the engine uses the lower of current and pending),
-- so usedCreditAmount can never end above the limit the order completes with.
ALTER TABLE cards ADD COLUMN pending_max_auth_minor bigint;
ALTER TABLE cards ADD COLUMN pending_max_credit_minor bigint;
ALTER TABLE cards ADD CONSTRAINT cards_used_credit_not_negative CHECK (used_credit_minor >= 0);
ALTER TABLE cards ADD CONSTRAINT cards_within_credit_limit CHECK (max_credit_minor IS NULL OR used_credit_minor <= max_credit_minor);

CREATE TABLE card_transactions (
  id text PRIMARY KEY,
  customer_id text NOT NULL,
  card_id text NOT NULL,
  card_model text NOT NULL,
  type text NOT NULL CHECK (type IN ('Authorization', 'Clearing', 'Reversal', 'Refund')),
  status text NOT NULL CHECK (status IN ('Pending', 'Declined', 'Settled', 'Reversed', 'Expired', 'Completed')),
  -- Clearings, reversals and refunds point at the authorization they belong to.
  authorization_id text,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  currency text NOT NULL,
  billing_amount_minor bigint NOT NULL CHECK (billing_amount_minor > 0),
  billing_currency text NOT NULL,
  -- Authorizations only: the hold still open (and on which ledger account),
  -- and what has been cleared, reversed and refunded against them.
  hold_account_id bigint,
  held_minor bigint NOT NULL DEFAULT 0 CHECK (held_minor >= 0),
  cleared_minor bigint NOT NULL DEFAULT 0 CHECK (cleared_minor >= 0),
  reversed_minor bigint NOT NULL DEFAULT 0 CHECK (reversed_minor >= 0),
  refunded_minor bigint NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0 AND refunded_minor <= cleared_minor),
  merchant_name text,
  mcc text,
  merchant_country text,
  auth_code text,
  decline_reason text,
  -- The network's reference: the same reference on the same card and type is the same event.
  reference text,
  request_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  settled_at timestamptz,
  expires_at timestamptz,
  CHECK ((status = 'Declined') = (decline_reason IS NOT NULL))
);
CREATE UNIQUE INDEX card_transactions_reference ON card_transactions (card_id, type, reference) WHERE reference IS NOT NULL;
-- An authorization clears once (the final presentment); what it does not cover is released.
CREATE UNIQUE INDEX card_transactions_one_clearing ON card_transactions (authorization_id) WHERE type = 'Clearing';
CREATE INDEX card_transactions_customer_time ON card_transactions (customer_id, created_at DESC, id DESC);
CREATE INDEX card_transactions_card_time ON card_transactions (card_id, created_at DESC, id DESC);
CREATE INDEX card_transactions_authorization ON card_transactions (authorization_id) WHERE authorization_id IS NOT NULL;
-- The expiry sweep reads only open holds.
CREATE INDEX card_transactions_open_holds ON card_transactions (expires_at) WHERE status = 'Pending';
`;
