// A small fetch client for the operator API under /admin/v1. It unwraps the
// platform's envelope ({ responseId, hasError, errorCode, errorMessage, data })
// so commands deal only in `data`, and turns every failure into an error whose
// message is one readable line: main.ts prints it as is, without a stack.
import type { admin } from '@cardepass/contract';

/**
 * The `data` of an admin response schema. The contract exports only a few
 * static types by name; every TypeBox schema carries its static type in its
 * `static` member, which saves the CLI a direct dependency on TypeBox.
 */
type StaticOf<Schema extends { static: unknown }> = Schema['static'];
type DataOf<Schema extends { static: { data: unknown } }> = StaticOf<Schema>['data'];

export type CreatedCustomer = DataOf<typeof admin.CreateCustomerResponse>;
export type Customer = admin.Customer;
export type CustomerPage = DataOf<typeof admin.CustomerPageResponse>;
export type CreatedClient = DataOf<typeof admin.CreateClientResponse>;
export type ApiClient = DataOf<typeof admin.ClientResponse>;
export type Deposit = DataOf<typeof admin.DepositResponse>;
export type AdminProduct = admin.AdminProduct;
export type LedgerVerification = admin.LedgerVerification;
export type JwtRotation = admin.JwtRotation;
export type JwtSigningKey = admin.JwtSigningKey;
export type DataKeyStatus = admin.DataKeyStatus;
export type DataKeyRotation = admin.DataKeyRotation;
export type AdminKeyRotation = admin.AdminKeyRotation;

/** The API answered with its error envelope: errorCode and errorMessage are what the operator needs. */
export class AdminApiError extends Error {
  override readonly name = 'AdminApiError';
  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly errorMessage: string,
    readonly responseId: string | undefined,
  ) {
    // responseId is what support searches the server's logs by.
    super(`${errorCode}: ${errorMessage} (HTTP ${status}${responseId ? `, responseId ${responseId}` : ''})`);
  }
}

/** No usable answer at all: nothing listening, timeout, or something that is not a Cardepass server. */
export class AdminConnectionError extends Error {
  override readonly name = 'AdminConnectionError';
}

// Every admin call is a single short database transaction; anything slower
// than this means the server is stuck, and an operator should not wait forever.
const REQUEST_TIMEOUT_MS = 30_000;

interface Envelope { responseId?: unknown; hasError?: unknown; errorCode?: unknown; errorMessage?: unknown; data?: unknown }

/** Why fetch failed, from undici's error chain: ECONNREFUSED, ENOTFOUND, … */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string; errors?: Array<{ code?: string }> } }).cause;
  return cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? (error as Error).message;
}

export class AdminClient {
  private readonly base: string;

  constructor(baseUrl: string, private readonly adminKey: string) {
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      throw new AdminConnectionError(`invalid server URL '${baseUrl}' (expected e.g. http://127.0.0.1:8080)`);
    }
    // Keep a path prefix (a reverse proxy may mount the platform below one).
    this.base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  }

  /** One call: the envelope's data on success, AdminApiError or AdminConnectionError otherwise. */
  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const url = `${this.base}/admin/v1${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { 'x-admin-key': this.adminKey, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') throw new AdminConnectionError(`no answer from ${this.base} within ${REQUEST_TIMEOUT_MS / 1000} s`);
      throw new AdminConnectionError(`cannot reach the Cardepass server at ${this.base} (${networkReason(error)}); is it running? Set --url or CARDEPASS_URL`);
    }

    const text = await response.text();
    let envelope: Envelope | undefined;
    try { envelope = JSON.parse(text) as Envelope; } catch { envelope = undefined; }
    if (!envelope || typeof envelope !== 'object' || typeof envelope.hasError !== 'boolean') {
      throw new AdminConnectionError(`unexpected answer from ${url} (HTTP ${response.status}): not a Cardepass API response; check --url`);
    }
    const responseId = typeof envelope.responseId === 'string' ? envelope.responseId : undefined;
    if (envelope.hasError || !response.ok) {
      throw new AdminApiError(response.status, String(envelope.errorCode ?? `HTTP_${response.status}`), String(envelope.errorMessage ?? response.statusText), responseId);
    }
    return envelope.data as T;
  }

  createCustomer(name: string) {
    return this.request<CreatedCustomer>('POST', '/customers', { name } satisfies StaticOf<typeof admin.CreateCustomerRequest>);
  }

  listCustomers(query: admin.CustomersListQuery = {}) {
    const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
    const search = params.toString() ? `?${params}` : '';
    return this.request<CustomerPage>('GET', `/customers${search}`);
  }

  setCustomerStatus(customerId: string, action: 'disable' | 'enable') {
    return this.request<Customer>('POST', `/customers/${encodeURIComponent(customerId)}/${action}`);
  }

  createClient(customerId: string) {
    return this.request<CreatedClient>('POST', `/customers/${encodeURIComponent(customerId)}/clients`);
  }

  listClients(customerId: string) {
    return this.request<ApiClient[]>('GET', `/customers/${encodeURIComponent(customerId)}/clients`);
  }

  revokeClient(clientId: string) {
    return this.request<ApiClient>('POST', `/clients/${encodeURIComponent(clientId)}/revoke`);
  }

  deposit(body: admin.DepositRequest) {
    return this.request<Deposit>('POST', '/deposits', body);
  }

  createProduct(body: admin.CreateProductRequest) {
    return this.request<AdminProduct>('POST', '/products', body);
  }

  listProducts() {
    return this.request<AdminProduct[]>('GET', '/products');
  }

  verifyLedger() {
    return this.request<LedgerVerification>('GET', '/ledger/verify');
  }

  rotateJwtKey() {
    return this.request<JwtRotation>('POST', '/keys/jwt/rotate');
  }

  listJwtKeys() {
    return this.request<JwtSigningKey[]>('GET', '/keys/jwt');
  }

  rotateDataKey() {
    return this.request<DataKeyRotation>('POST', '/keys/data/rotate');
  }

  dataKeyStatus() {
    return this.request<DataKeyStatus>('GET', '/keys/data/status');
  }

  rotateAdminKey() {
    return this.request<AdminKeyRotation>('POST', '/keys/admin/rotate');
  }
}
