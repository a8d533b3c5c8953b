/**
 * The initial schema. Every row that belongs to a customer carries customer_id
 * (the future distribution column). Money columns are bigint minor units; the
 * CHECK constraints are the last line of defence behind the services' checks.
 */
export const up = /* sql */ `
CREATE TABLE settings (
  key text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE customers (
  id text PRIMARY KEY,
  name text NOT NULL,
  status text NOT NULL DEFAULT 'Active' CHECK (status IN ('Active', 'Disabled')),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_clients (
  client_id text PRIMARY KEY,
  customer_id text NOT NULL REFERENCES customers (id),
  secret_hash text NOT NULL,
  status text NOT NULL DEFAULT 'Active' CHECK (status IN ('Active', 'Revoked')),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX api_clients_customer ON api_clients (customer_id);

CREATE TABLE products (
  code text PRIMARY KEY,
  name text NOT NULL,
  description text,
  card_models text[] NOT NULL,
  currencies text[] NOT NULL,
  card_organization text NOT NULL,
  bin_range text NOT NULL CHECK (bin_range ~ '^[0-9]{6,8}$'),
  validity_months integer NOT NULL CHECK (validity_months BETWEEN 1 AND 120),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE product_fees (
  product_code text NOT NULL REFERENCES products (code),
  fee_code text NOT NULL,
  charge_method text NOT NULL CHECK (charge_method IN ('Fixed', 'Percent')),
  fixed_value text NOT NULL DEFAULT '0',
  percent_micros bigint NOT NULL DEFAULT 0 CHECK (percent_micros BETWEEN 0 AND 1000000),
  PRIMARY KEY (product_code, fee_code)
);

CREATE TABLE ledger_accounts (
  id bigserial PRIMARY KEY,
  customer_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('funding', 'card', 'fee_revenue', 'external', 'network')),
  currency text NOT NULL,
  card_id text,
  balance_minor bigint NOT NULL DEFAULT 0,
  held_minor bigint NOT NULL DEFAULT 0 CHECK (held_minor >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Accounts that hold customer money can never be overdrawn; external and
  -- network accounts are the other side of money entering and leaving.
  CONSTRAINT ledger_accounts_not_overdrawn CHECK (kind IN ('external', 'network') OR balance_minor - held_minor >= 0)
);
CREATE UNIQUE INDEX ledger_accounts_customer_kind ON ledger_accounts (customer_id, kind, currency) WHERE card_id IS NULL;
CREATE UNIQUE INDEX ledger_accounts_card ON ledger_accounts (card_id) WHERE card_id IS NOT NULL;

CREATE TABLE journal_entries (
  id bigserial PRIMARY KEY,
  customer_id text NOT NULL,
  entry_type text NOT NULL,
  order_no text,
  reference text,
  request_hash text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX journal_entries_reference ON journal_entries (customer_id, entry_type, reference) WHERE reference IS NOT NULL;
CREATE UNIQUE INDEX journal_entries_order ON journal_entries (order_no) WHERE order_no IS NOT NULL;

CREATE TABLE postings (
  id bigserial PRIMARY KEY,
  entry_id bigint NOT NULL REFERENCES journal_entries (id),
  customer_id text NOT NULL,
  account_id bigint NOT NULL REFERENCES ledger_accounts (id),
  amount_minor bigint NOT NULL CHECK (amount_minor <> 0),
  balance_after_minor bigint NOT NULL,
  fee_code text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX postings_account_time ON postings (account_id, created_at DESC, id DESC);
CREATE INDEX postings_entry ON postings (entry_id);
CREATE INDEX postings_customer_time ON postings (customer_id, created_at DESC, id DESC);

CREATE TABLE cards (
  id text PRIMARY KEY,
  customer_id text NOT NULL,
  product_code text NOT NULL,
  card_model text NOT NULL CHECK (card_model IN ('Standard', 'ShareBalance')),
  currency text NOT NULL,
  alias text,
  status text NOT NULL CHECK (status IN ('Active', 'Blocked', 'Cancel', 'Expired')),
  pending_op text,
  inflight_orders integer NOT NULL DEFAULT 0 CHECK (inflight_orders >= 0),
  pan_encrypted text NOT NULL,
  pan_hash text NOT NULL UNIQUE,
  pan_first6 text NOT NULL,
  pan_last4 text NOT NULL,
  cvv_encrypted text NOT NULL,
  expiry_mmyy text NOT NULL,
  expires_at date NOT NULL,
  card_organization text NOT NULL,
  account_id bigint,
  max_auth_minor bigint,
  max_credit_minor bigint,
  used_credit_minor bigint NOT NULL DEFAULT 0,
  apply_order_no text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cards_customer ON cards (customer_id, created_at DESC);

CREATE TABLE orders (
  order_no text PRIMARY KEY,
  customer_id text NOT NULL,
  customer_order_no text,
  request_hash text NOT NULL,
  card_model text NOT NULL,
  order_type text NOT NULL,
  status text NOT NULL CHECK (status IN ('Processing', 'Completed', 'Failure')),
  card_id text,
  currency text NOT NULL,
  amount_minor bigint NOT NULL DEFAULT 0,
  fee_minor bigint NOT NULL DEFAULT 0,
  hold_account_id bigint,
  hold_minor bigint NOT NULL DEFAULT 0 CHECK (hold_minor >= 0),
  detail jsonb NOT NULL DEFAULT '{}',
  failure_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  modified_at timestamptz NOT NULL DEFAULT now(),
  paid_at timestamptz,
  completed_at timestamptz,
  -- customerOrderNo is unique per customer for ever (NULLs are distinct).
  CONSTRAINT orders_customer_order_no UNIQUE (customer_id, customer_order_no)
);
CREATE INDEX orders_customer_list ON orders (customer_id, card_model, created_at DESC);
-- No index mentions status: finishing an order then changes no indexed column,
-- so PostgreSQL updates the row in place (a HOT update, no index writes).

CREATE TABLE jobs (
  id bigserial PRIMARY KEY,
  customer_id text,
  kind text NOT NULL,
  ref text NOT NULL UNIQUE,
  run_at timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_due ON jobs (run_at);

-- Aborts the statement that calls it, rolling back every data-modifying CTE of
-- that statement. The write path uses it to make one statement all-or-nothing.
CREATE FUNCTION cardepass_abort(reason text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'cardepass:' || reason;
END
$$;
`;
