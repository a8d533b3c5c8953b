import { currentLanguage } from './i18n.tsx';

/**
 * The console's only way to the server: /admin/v1 with the session cookie (same origin),
 * JSON both ways, the session's CSRF token on every change, and the chosen language as
 * Accept-Language so the server's error messages come back in it.
 */
export const API_BASE = '/admin/v1';

/** An answer with hasError: the server's code, its message (in the user's language) and the responseId support asks for. */
export class ApiError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
    readonly status: number,
    readonly responseId: string | null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The server could not be reached or did not answer JSON (a proxy's page, the network down). */
export const NETWORK_ERROR = 'NETWORK_ERROR';

let csrfToken: string | null = null;
/** Set from the session answer (GET/POST /session); cleared at sign-out. */
export function setCsrfToken(token: string | null): void { csrfToken = token; }

// Codes meaning "this browser has no valid session": the app sends the user to sign in.
const SESSION_GONE = new Set(['SIGN_IN_REQUIRED']);
let onSessionGone: () => void = () => {};
export function whenSessionGone(handler: () => void): void { onSessionGone = handler; }

export type Query = Record<string, string | number | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

interface Envelope<T> { responseId?: string; hasError?: boolean; errorCode?: string | null; errorMessage?: string; data?: T }

export interface RequestOptions { query?: Query; body?: unknown; signal?: AbortSignal; /** false: a 401 is the caller's answer, not a reason to leave the page */ redirectOn401?: boolean }

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': currentLanguage() };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  let envelope: Envelope<T>;
  try {
    response = await fetch(API_BASE + withQuery(path, options.query), {
      method, headers, credentials: 'same-origin', signal: options.signal,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    envelope = (await response.json()) as Envelope<T>;
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(NETWORK_ERROR, '', 0, null);
  }
  if (!response.ok || envelope.hasError) {
    const error = new ApiError(envelope.errorCode ?? 'INTERNAL_ERROR', envelope.errorMessage ?? response.statusText, response.status, envelope.responseId ?? null);
    if (response.status === 401 && SESSION_GONE.has(error.errorCode) && options.redirectOn401 !== false) onSessionGone();
    throw error;
  }
  return envelope.data as T;
}

export const isApiError = (error: unknown, code?: string): error is ApiError =>
  error instanceof ApiError && (code === undefined || error.errorCode === code);
