/**
 * Events and webhooks. Events are written by triggers, in the transaction of
 * the change that causes them, whichever code path makes it: no change
 * commits without its event and no event survives a rollback. Each event
 * stores a snapshot of the changed row(s); the server renders the payload from
 * it exactly as the API renders that row (see services/events/render.ts).
 */
export const up = /* sql */ `
-- One counter per stream: 'card:<cardId>' for events about a card, otherwise
-- 'customer:<customerId>'. Taking the next number locks the counter row until
-- commit, so numbers follow commit order and a rollback leaves no gap.
CREATE TABLE event_streams (
  stream text PRIMARY KEY,
  customer_id text NOT NULL,
  last_sequence bigint NOT NULL
);

CREATE TABLE events (
  id text PRIMARY KEY,
  -- Insertion order, for listing events of one transaction (same created_at) in the order they happened.
  position bigserial NOT NULL,
  customer_id text NOT NULL,
  type text NOT NULL,
  card_id text,
  sequence bigint NOT NULL CHECK (sequence > 0),
  -- The changed row as the API's renderer needs it; never card numbers, CVVs or secrets.
  subject jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_customer_time ON events (customer_id, created_at DESC, position DESC);
CREATE INDEX events_card_time ON events (card_id, created_at DESC, position DESC) WHERE card_id IS NOT NULL;
-- Retention pruning deletes the oldest first.
CREATE INDEX events_created ON events (created_at);

CREATE TABLE webhook_endpoints (
  id text PRIMARY KEY,
  customer_id text NOT NULL REFERENCES customers (id),
  url text NOT NULL CHECK (length(url) <= 2048),
  event_types text[],
  description text,
  status text NOT NULL CHECK (status IN ('Enabled', 'Disabled', 'Deleted')),
  disabled_reason text,
  -- Signing secrets: needed in clear to sign, so encrypted with a data key (AES-256-GCM), never hashed.
  secret_encrypted text NOT NULL,
  secret_key_version integer NOT NULL,
  -- After a rotation the previous secret also signs, until previous_secret_expires_at.
  previous_secret_encrypted text,
  previous_secret_key_version integer,
  previous_secret_expires_at timestamptz,
  delivery_faults jsonb,
  -- Set by the first failed delivery after a success; an endpoint failing for 5 days is disabled.
  failing_since timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  modified_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_customer ON webhook_endpoints (customer_id) WHERE status <> 'Deleted';
CREATE INDEX webhook_endpoints_enabled ON webhook_endpoints (customer_id) WHERE status = 'Enabled';

CREATE TABLE webhook_deliveries (
  id bigserial PRIMARY KEY,
  customer_id text NOT NULL,
  event_id text NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  endpoint_id text NOT NULL REFERENCES webhook_endpoints (id),
  status text NOT NULL DEFAULT 'Pending' CHECK (status IN ('Pending', 'Delivered', 'Failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  -- A worker holds a delivery while it sends it; a crashed worker's lease runs out and another sends it.
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  CHECK ((status = 'Pending') = (next_attempt_at IS NOT NULL))
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'Pending';
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at);
-- The deliveries being sent right now (leased): each claim counts them per endpoint, whatever the backlog.
CREATE INDEX webhook_deliveries_leased ON webhook_deliveries (endpoint_id) WHERE status = 'Pending' AND locked_until IS NOT NULL;

CREATE TABLE webhook_attempts (
  id bigserial PRIMARY KEY,
  delivery_id bigint NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  customer_id text NOT NULL,
  attempted_at timestamptz NOT NULL,
  http_status integer,
  error text,
  duration_ms integer NOT NULL,
  next_attempt_at timestamptz
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);

-- Records one event: its number in its stream, the event row, and one
-- delivery per enabled endpoint of the customer subscribed to its type (two in
-- the sandbox when the endpoint asked for duplicates; first attempts delayed by
-- up to reorderWindowS when it asked for reordering). webhook.test goes to one
-- endpoint only, which its caller queues. Returns the event id.
CREATE FUNCTION cardepass_emit_event(p_customer_id text, p_type text, p_card_id text, p_subject jsonb) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  v_stream text := CASE WHEN p_card_id IS NULL THEN 'customer:' || p_customer_id ELSE 'card:' || p_card_id END;
  v_id text;
  v_at timestamptz;
  v_sequence bigint;
BEGIN
  -- An existing stream (every event but a card's or customer's first) is one plain UPDATE; only a new one
  -- pays for the INSERT … ON CONFLICT (which also settles two first events racing each other).
  UPDATE event_streams SET last_sequence = last_sequence + 1 WHERE stream = v_stream RETURNING last_sequence INTO v_sequence;
  IF NOT FOUND THEN
    INSERT INTO event_streams AS s (stream, customer_id, last_sequence) VALUES (v_stream, p_customer_id, 1)
    ON CONFLICT (stream) DO UPDATE SET last_sequence = s.last_sequence + 1
    RETURNING last_sequence INTO v_sequence;
  END IF;
  -- clock_timestamp(), not now() (the transaction's start): the event is stamped after its number was
  -- taken under the stream lock, so within a stream timestamps follow sequence (commit) order and the
  -- newest-first list agrees with it; now() put a long transaction's event before ones that committed earlier.
  v_at := clock_timestamp();
  -- 14 hex digits of microseconds since 1970, then 18 random ones: ids grow with time, so the primary key
  -- takes each new event at its right edge instead of a random page (less I/O and WAL per event).
  v_id := 'evt_' || lpad(to_hex(floor(extract(epoch FROM v_at) * 1000000)::bigint), 14, '0')
                 || substr(replace(gen_random_uuid()::text, '-', ''), 1, 18);
  INSERT INTO events (id, customer_id, type, card_id, sequence, subject, created_at)
  VALUES (v_id, p_customer_id, p_type, p_card_id, v_sequence, p_subject, v_at);
  -- Most customers of a busy installation have no endpoint: a probe of the index is all they pay.
  IF p_type <> 'webhook.test' AND EXISTS (SELECT 1 FROM webhook_endpoints WHERE customer_id = p_customer_id AND status = 'Enabled') THEN
    INSERT INTO webhook_deliveries (customer_id, event_id, endpoint_id, next_attempt_at)
    SELECT p_customer_id, v_id, e.id,
           v_at + make_interval(secs => floor(random() * (coalesce((e.delivery_faults ->> 'reorderWindowS')::int, 0) + 1)))
    FROM webhook_endpoints e
    CROSS JOIN LATERAL generate_series(1, CASE WHEN random() < coalesce((e.delivery_faults ->> 'duplicateRate')::float8, 0) THEN 2 ELSE 1 END) AS copy
    WHERE e.customer_id = p_customer_id AND e.status = 'Enabled' AND (e.event_types IS NULL OR p_type = ANY (e.event_types));
  END IF;
  RETURN v_id;
END
$$;

-- An order's event is deferred to commit, so it follows the events of what the
-- order changed (card.created before the ApplyCard's order.completed). It is
-- about the card when the card exists (a failed ApplyCard has none).
CREATE FUNCTION cardepass_order_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cardepass_emit_event(NEW.customer_id,
    CASE WHEN NEW.status = 'Completed' THEN 'order.completed' ELSE 'order.failed' END,
    (SELECT c.id FROM cards c WHERE c.id = NEW.card_id), to_jsonb(NEW));
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER orders_event AFTER UPDATE ON orders DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.status = 'Processing' AND NEW.status <> 'Processing') EXECUTE FUNCTION cardepass_order_event();

-- The card as GET /v1/cards/{cardId} reads it, without the encrypted PAN and CVV.
CREATE FUNCTION cardepass_card_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cardepass_emit_event(NEW.customer_id, CASE WHEN TG_OP = 'INSERT' THEN 'card.created' ELSE 'card.updated' END, NEW.id,
    jsonb_build_object(
      'id', NEW.id, 'card_model', NEW.card_model, 'product_code', NEW.product_code, 'expiry_mmyy', NEW.expiry_mmyy,
      'currency', NEW.currency, 'alias', NEW.alias, 'status', NEW.status, 'max_auth_minor', NEW.max_auth_minor,
      'used_credit_minor', NEW.used_credit_minor, 'max_credit_minor', NEW.max_credit_minor,
      'card_organization', NEW.card_organization, 'created_at', NEW.created_at,
      'balance_minor', (SELECT a.balance_minor FROM ledger_accounts a WHERE a.id = NEW.account_id),
      'held_minor', (SELECT a.held_minor FROM ledger_accounts a WHERE a.id = NEW.account_id),
      'funding_available_minor', CASE WHEN NEW.card_model = 'ShareBalance' THEN
        (SELECT f.balance_minor - f.held_minor FROM ledger_accounts f
         WHERE f.customer_id = NEW.customer_id AND f.kind = 'funding' AND f.currency = NEW.currency AND f.card_id IS NULL) END,
      'binding_max_credit_minor', CASE WHEN NEW.pending_op = 'CreditLimit' THEN LEAST(NEW.max_credit_minor, NEW.pending_max_credit_minor)
        ELSE NEW.max_credit_minor END));
  RETURN NULL;
END
$$;
CREATE TRIGGER cards_created_event AFTER INSERT ON cards FOR EACH ROW EXECUTE FUNCTION cardepass_card_event();
CREATE TRIGGER cards_updated_event AFTER UPDATE ON cards FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.max_auth_minor IS DISTINCT FROM NEW.max_auth_minor
        OR OLD.max_credit_minor IS DISTINCT FROM NEW.max_credit_minor)
  EXECUTE FUNCTION cardepass_card_event();

-- The transaction as GET /v1/transactions reads it (with its authorization's time).
CREATE FUNCTION cardepass_transaction_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cardepass_emit_event(NEW.customer_id, CASE WHEN TG_OP = 'INSERT' THEN 'transaction.created' ELSE 'transaction.updated' END,
    NEW.card_id,
    (to_jsonb(NEW) - 'request_hash' - 'hold_account_id') || jsonb_build_object('authorization_time',
      coalesce((SELECT a.created_at FROM card_transactions a WHERE a.id = NEW.authorization_id), NEW.created_at)));
  RETURN NULL;
END
$$;
CREATE TRIGGER card_transactions_created_event AFTER INSERT ON card_transactions FOR EACH ROW
  EXECUTE FUNCTION cardepass_transaction_event();
CREATE TRIGGER card_transactions_updated_event AFTER UPDATE ON card_transactions FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.held_minor IS DISTINCT FROM NEW.held_minor
        OR OLD.cleared_minor IS DISTINCT FROM NEW.cleared_minor OR OLD.reversed_minor IS DISTINCT FROM NEW.reversed_minor
        OR OLD.refunded_minor IS DISTINCT FROM NEW.refunded_minor)
  EXECUTE FUNCTION cardepass_transaction_event();

-- An operator deposit: the journal entry with what reached the funding account
-- (an entry that credited no funding account credited nothing: no event).
CREATE FUNCTION cardepass_deposit_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_subject jsonb;
BEGIN
  SELECT jsonb_build_object('deposit_id', NEW.id::text, 'reference', NEW.reference, 'created_at', NEW.created_at,
           'currency', a.currency, 'amount_minor', p.amount_minor, 'balance_after_minor', p.balance_after_minor)
  INTO v_subject
  FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
  WHERE p.entry_id = NEW.id AND a.kind = 'funding';
  IF v_subject IS NOT NULL THEN
    PERFORM cardepass_emit_event(NEW.customer_id, 'account.credited', NULL, v_subject);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER journal_entries_deposit_event AFTER INSERT ON journal_entries FOR EACH ROW
  WHEN (NEW.entry_type = 'Deposit') EXECUTE FUNCTION cardepass_deposit_event();
`;
