/**
 * People and their trail: users with roles, browser sessions, one-time
 * password links, customers' product entitlements, and the audit log.
 */
export const up = /* sql */ `
-- Operators (customer_id NULL) and customer users (customer_id set). The role
-- decides which: the CHECK keeps a customer role from ever lacking its customer.
-- email_key is the lower-cased address, unique: sign-in is case-insensitive.
CREATE TABLE users (
  id text PRIMARY KEY,
  email text NOT NULL,
  email_key text NOT NULL UNIQUE,
  name text,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'support', 'viewer', 'customer_admin', 'customer_developer', 'customer_viewer')),
  customer_id text REFERENCES customers (id),
  status text NOT NULL DEFAULT 'Active' CHECK (status IN ('Active', 'Disabled')),
  -- scrypt, as client secrets; NULL until the user chooses one through a one-time link.
  password_hash text,
  password_changed_at timestamptz,
  -- TOTP (RFC 6238): the secret is encrypted with the data keys like card numbers.
  totp_secret_enc text,
  totp_key_version integer,
  totp_enabled_at timestamptz,
  -- The last time step accepted: a code is refused once used (replay within its 30 s window).
  totp_last_step bigint,
  -- scrypt hashes of the unused recovery codes; a used one is removed.
  recovery_code_hashes text[] NOT NULL DEFAULT '{}',
  last_sign_in_at timestamptz,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((role LIKE 'customer\\_%') = (customer_id IS NOT NULL))
);
CREATE INDEX users_customer ON users (customer_id, created_at);

-- A browser session. The cookie holds a random token; only its SHA-256 is kept,
-- so a read of this table signs no one in. The CSRF token is bound to the session.
CREATE TABLE user_sessions (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id),
  csrf_token text NOT NULL,
  totp_enrolment_required boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  ip text,
  user_agent text
);
CREATE INDEX user_sessions_user ON user_sessions (user_id) WHERE revoked_at IS NULL;
CREATE INDEX user_sessions_expiry ON user_sessions (expires_at);

-- One-time links to set a password (an invitation or an administrator's reset):
-- shown once to the administrator; only the hash is kept.
CREATE TABLE password_links (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id),
  purpose text NOT NULL CHECK (purpose IN ('invite', 'reset')),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX password_links_user ON password_links (user_id);

-- Product entitlements: a customer whose product_access is 'Selected' sees and
-- orders only the products listed here; 'All' (the default, as before) sees every product.
ALTER TABLE customers ADD COLUMN product_access text NOT NULL DEFAULT 'All' CHECK (product_access IN ('All', 'Selected'));
ALTER TABLE customers ADD COLUMN require_totp boolean NOT NULL DEFAULT false;
CREATE TABLE customer_products (
  customer_id text NOT NULL REFERENCES customers (id),
  product_code text NOT NULL REFERENCES products (code),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (customer_id, product_code)
);

-- Who placed an order through the operator API or the console: a user id, or 'admin-key'.
-- NULL for orders of the integrator API (its API client is the customer's).
ALTER TABLE orders ADD COLUMN requested_by text;

-- Products can be retired: no new cards, existing cards keep working.
ALTER TABLE products ADD COLUMN retired_at timestamptz;

-- The audit log: every change made by a person, the admin key or an API client
-- outside the money path. Written in the transaction of its change; append-only
-- (the trigger below refuses UPDATE, DELETE and TRUNCATE); each row's hash covers
-- its content and the previous row's hash, so an edit or a removal anywhere breaks
-- the chain from there on (cardepass admin audit verify).
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY,
  id text NOT NULL UNIQUE,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_type text NOT NULL CHECK (actor_type IN ('user', 'admin_key', 'api_client', 'system')),
  actor_id text NOT NULL,
  actor_label text,
  -- The customer whose data the change touched (NULL: platform-wide), for customer admins' view.
  customer_id text,
  action text NOT NULL,
  target_type text NOT NULL,
  target_id text,
  before jsonb,
  after jsonb,
  reason text,
  ip text,
  response_id text,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_customer ON audit_log (customer_id, seq) WHERE customer_id IS NOT NULL;
CREATE INDEX audit_log_target ON audit_log (target_type, target_id);
CREATE INDEX audit_log_actor ON audit_log (actor_id, seq);

-- The head of the chain: one row, locked by each insert until its transaction
-- ends, so rows chain in commit order with no gap (a rollback undoes the head too).
CREATE TABLE audit_chain (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_seq bigint NOT NULL,
  last_hash text NOT NULL
);
INSERT INTO audit_chain (last_seq, last_hash) VALUES (0, repeat('0', 64));

-- What a row's hash covers: jsonb's text form is canonical (keys sorted), and the
-- time is taken as integer microseconds so no TimeZone or DateStyle setting changes it.
CREATE FUNCTION cardepass_audit_hash(r audit_log) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(r.prev_hash || jsonb_build_array(
    r.seq, r.id, (extract(epoch FROM r.at) * 1000000)::bigint, r.actor_type, r.actor_id, r.actor_label,
    r.customer_id, r.action, r.target_type, r.target_id, r.before, r.after, r.reason, r.ip, r.response_id
  )::text, 'UTF8')), 'hex')
$$;

CREATE FUNCTION cardepass_audit_chain() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE audit_chain SET last_seq = last_seq + 1 RETURNING last_seq, last_hash INTO NEW.seq, NEW.prev_hash;
  NEW.at := clock_timestamp();
  NEW.hash := cardepass_audit_hash(NEW);
  UPDATE audit_chain SET last_hash = NEW.hash;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION cardepass_audit_chain();

CREATE FUNCTION cardepass_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION cardepass_audit_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION cardepass_audit_append_only();
`;
