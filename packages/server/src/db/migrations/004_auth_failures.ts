/**
 * Failed credential attempts (client secrets on the token endpoint, the admin
 * key), counted in the database so that every API process of one installation
 * shares one budget: an attacker cannot multiply it by spreading attempts over
 * processes behind a load balancer.
 */
export const up = /* sql */ `
-- One row per (scope, key): scope says what is counted ('client_ip' = one
-- client_id from one address, 'ip', 'client', 'admin_ip'), key is that pair, address or
-- client_id. The window starts at the first failure and lasts the configured
-- lockout window; a failure after it ends starts a new one (counted from 1).
-- Anchoring the window at the first failure, rather than keying rows by fixed
-- clock windows, means no window boundary lets 2x the limit through in a burst,
-- and a lock always lasts until window_start + window.
-- Only failures write here; a success reads its rows through the primary key.
CREATE TABLE auth_failures (
  scope text NOT NULL,
  key text NOT NULL,
  window_start timestamptz NOT NULL,
  failures integer NOT NULL CHECK (failures > 0),
  PRIMARY KEY (scope, key)
);
-- Pruning deletes the rows whose window has ended, through this index.
CREATE INDEX auth_failures_window_start ON auth_failures (window_start);
`;
