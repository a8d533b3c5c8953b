import type { ColumnType, Generated } from 'kysely';
import type { Role } from '@cardepass/contract';

/** Row types of every table; Kysely infers each query's result from these. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type BigIntColumn = ColumnType<bigint, bigint | number | string | undefined, bigint | number | string>;

export interface SettingsTable { key: string; value: string }

export interface CustomersTable {
  id: string;
  name: string;
  status: ColumnType<'Active' | 'Disabled', 'Active' | 'Disabled' | undefined, 'Active' | 'Disabled'>;
  product_access: ColumnType<'All' | 'Selected', 'All' | 'Selected' | undefined, 'All' | 'Selected'>;
  require_totp: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
}

export interface ApiClientsTable {
  client_id: string;
  customer_id: string;
  secret_hash: string;
  status: ColumnType<'Active' | 'Revoked', 'Active' | 'Revoked' | undefined, 'Active' | 'Revoked'>;
  created_at: Timestamp;
  revoked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface ProductsTable {
  code: string;
  name: string;
  description: string | null;
  card_models: string[];
  currencies: string[];
  card_organization: string;
  bin_range: string;
  validity_months: number;
  retired_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: Timestamp;
}

export interface ProductFeesTable {
  product_code: string;
  fee_code: string;
  charge_method: 'Fixed' | 'Percent';
  fixed_value: string;
  percent_micros: BigIntColumn;
}

export type LedgerAccountKind = 'funding' | 'card' | 'fee_revenue' | 'external' | 'network';

export interface LedgerAccountsTable {
  id: Generated<bigint>;
  customer_id: string;
  kind: LedgerAccountKind;
  currency: string;
  card_id: string | null;
  balance_minor: BigIntColumn;
  held_minor: BigIntColumn;
  created_at: Timestamp;
}

export interface JournalEntriesTable {
  id: Generated<bigint>;
  customer_id: string;
  entry_type: string;
  order_no: string | null;
  reference: string | null;
  request_hash: string | null;
  created_at: Timestamp;
}

export interface PostingsTable {
  id: Generated<bigint>;
  entry_id: bigint;
  customer_id: string;
  account_id: bigint;
  amount_minor: bigint;
  balance_after_minor: bigint;
  fee_code: string | null;
  created_at: Timestamp;
}

export interface CardsTable {
  id: string;
  customer_id: string;
  product_code: string;
  card_model: 'Standard' | 'ShareBalance';
  currency: string;
  alias: string | null;
  status: 'Active' | 'Blocked' | 'Cancel' | 'Expired';
  pending_op: string | null;
  inflight_orders: number;
  pan_encrypted: string;
  pan_hash: string;
  pan_first6: string;
  pan_last4: string;
  cvv_encrypted: string;
  expiry_mmyy: string;
  expires_at: Date;
  card_organization: string;
  account_id: bigint | null;
  max_auth_minor: bigint | null;
  max_credit_minor: bigint | null;
  used_credit_minor: BigIntColumn;
  pending_max_auth_minor: bigint | null;
  pending_max_credit_minor: bigint | null;
  apply_order_no: string;
  created_at: Timestamp;
}

export interface OrdersTable {
  order_no: string;
  customer_id: string;
  customer_order_no: string | null;
  request_hash: string;
  card_model: 'Standard' | 'ShareBalance';
  order_type: string;
  status: 'Processing' | 'Completed' | 'Failure';
  card_id: string | null;
  currency: string;
  amount_minor: BigIntColumn;
  fee_minor: BigIntColumn;
  hold_account_id: bigint | null;
  hold_minor: BigIntColumn;
  detail: unknown;
  failure_reason: string | null;
  /** Who placed it through the operator API or the console (user id or 'admin-key'); null for the integrator API. */
  requested_by: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  modified_at: Timestamp;
  paid_at: Date | null;
  completed_at: Date | null;
}

export interface JobsTable {
  id: Generated<bigint>;
  customer_id: string | null;
  kind: string;
  ref: string;
  run_at: Timestamp;
  locked_until: Date | null;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Timestamp;
}

export interface CardTransactionsTable {
  id: string;
  customer_id: string;
  card_id: string;
  card_model: 'Standard' | 'ShareBalance';
  type: 'Authorization' | 'Clearing' | 'Reversal' | 'Refund';
  status: 'Pending' | 'Declined' | 'Settled' | 'Reversed' | 'Expired' | 'Completed';
  authorization_id: string | null;
  amount_minor: bigint;
  currency: string;
  billing_amount_minor: bigint;
  billing_currency: string;
  hold_account_id: bigint | null;
  held_minor: BigIntColumn;
  cleared_minor: BigIntColumn;
  reversed_minor: BigIntColumn;
  refunded_minor: BigIntColumn;
  merchant_name: string | null;
  mcc: string | null;
  merchant_country: string | null;
  auth_code: string | null;
  decline_reason: string | null;
  reference: string | null;
  request_hash: string | null;
  created_at: Timestamp;
  settled_at: Date | null;
  expires_at: Date | null;
}

export interface EventsTable {
  id: string;
  position: Generated<bigint>;
  customer_id: string;
  type: string;
  card_id: string | null;
  sequence: bigint;
  subject: unknown;
  created_at: Timestamp;
}

export interface WebhookEndpointsTable {
  id: string;
  customer_id: string;
  url: string;
  event_types: string[] | null;
  description: string | null;
  status: 'Enabled' | 'Disabled' | 'Deleted';
  disabled_reason: string | null;
  secret_encrypted: string;
  secret_key_version: number;
  previous_secret_encrypted: string | null;
  previous_secret_key_version: number | null;
  previous_secret_expires_at: Date | null;
  delivery_faults: unknown;
  failing_since: Date | null;
  created_at: Timestamp;
  modified_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  id: Generated<bigint>;
  customer_id: string;
  event_id: string;
  endpoint_id: string;
  status: Generated<'Pending' | 'Delivered' | 'Failed'>;
  attempts: Generated<number>;
  next_attempt_at: Date | null;
  locked_until: Date | null;
  created_at: Timestamp;
  finished_at: Date | null;
}

export interface WebhookAttemptsTable {
  id: Generated<bigint>;
  delivery_id: bigint;
  customer_id: string;
  attempted_at: Date;
  http_status: number | null;
  error: string | null;
  duration_ms: number;
  next_attempt_at: Date | null;
}

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface UsersTable {
  id: string;
  email: string;
  email_key: string;
  name: string | null;
  role: Role;
  customer_id: string | null;
  status: ColumnType<'Active' | 'Disabled', 'Active' | 'Disabled' | undefined, 'Active' | 'Disabled'>;
  password_hash: string | null;
  password_changed_at: NullableTimestamp;
  totp_secret_enc: string | null;
  totp_key_version: number | null;
  totp_enabled_at: NullableTimestamp;
  totp_last_step: ColumnType<string | null, bigint | number | string | null | undefined, bigint | number | string | null>;
  recovery_code_hashes: ColumnType<string[], string[] | undefined, string[]>;
  last_sign_in_at: NullableTimestamp;
  created_by: string | null;
  created_at: Timestamp;
}

export interface UserSessionsTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  totp_enrolment_required: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface PasswordLinksTable {
  token_hash: string;
  user_id: string;
  purpose: 'invite' | 'reset';
  created_by: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface CustomerProductsTable { customer_id: string; product_code: string; created_at: Timestamp }

export type AuditActorType = 'user' | 'admin_key' | 'api_client' | 'system';

/** seq, at, prev_hash and hash are set by the chain trigger: an insert leaves them out. */
export interface AuditLogTable {
  seq: ColumnType<bigint, never, never>;
  id: string;
  at: ColumnType<Date, never, never>;
  actor_type: AuditActorType;
  actor_id: string;
  actor_label: string | null;
  customer_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  before: ColumnType<unknown, string | null | undefined, never>;
  after: ColumnType<unknown, string | null | undefined, never>;
  reason: string | null;
  ip: string | null;
  response_id: string | null;
  prev_hash: ColumnType<string, never, never>;
  hash: ColumnType<string, never, never>;
}

export interface DB {
  settings: SettingsTable;
  customers: CustomersTable;
  api_clients: ApiClientsTable;
  products: ProductsTable;
  product_fees: ProductFeesTable;
  ledger_accounts: LedgerAccountsTable;
  journal_entries: JournalEntriesTable;
  postings: PostingsTable;
  cards: CardsTable;
  orders: OrdersTable;
  jobs: JobsTable;
  card_transactions: CardTransactionsTable;
  events: EventsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  users: UsersTable;
  user_sessions: UserSessionsTable;
  password_links: PasswordLinksTable;
  customer_products: CustomerProductsTable;
  audit_log: AuditLogTable;
}
