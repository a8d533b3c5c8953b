// Test helpers of this folder: sign in through HTTP and keep the cookie the server set.
import type { LightMyRequestResponse } from 'fastify';
import { TOTP, Secret } from 'otpauth';
import type { TestPlatform } from './harness.ts';
import { userWithSession, type TestUser } from './people-kit.ts';

export type Answer = LightMyRequestResponse & { json: any };

export async function postSession(p: TestPlatform, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await p.app.inject({ method: 'POST', url: '/admin/v1/session', payload: body, headers: { 'content-type': 'application/json', ...headers } });
  return Object.assign(response, { json: response.json() });
}

/** The session token of a Set-Cookie answer (either cookie name). */
export function sessionTokenOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name.endsWith('cardepass_session'));
  if (!cookie) throw new Error(`no session cookie in ${JSON.stringify(response.headers['set-cookie'])}`);
  return cookie.value;
}

/** Signs in over HTTP and answers a TestUser for that session. */
export async function signIn(p: TestPlatform, user: Pick<TestUser, 'userId' | 'email' | 'password' | 'role' | 'customerId'>, extra: Record<string, unknown> = {}): Promise<TestUser> {
  const response = await postSession(p, { email: user.email, password: user.password, ...extra });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
  return userWithSession(p, user, sessionTokenOf(response), response.json.data.csrfToken);
}

/** The code an authenticator app shows for this secret at this time (the otpauth library, as apps compute it). */
export const totpCodeOf = (base32: string, timestamp = Date.now()) => new TOTP({ secret: Secret.fromBase32(base32) }).generate({ timestamp });

/** Whether a session cookie still opens GET /session. */
export async function sessionAlive(p: TestPlatform, user: TestUser): Promise<boolean> {
  return (await user.call('GET', '/session')).statusCode === 200;
}

/** Failures counted against an account's sign-in budget in the current window (0 when none). */
export async function signInFailuresOf(p: TestPlatform, email: string): Promise<number> {
  const { rows } = await p.store.query<{ failures: number }>(`SELECT failures FROM auth_failures WHERE scope = 'signin_account' AND key = $1`, [email.toLowerCase()]);
  return rows[0]?.failures ?? 0;
}

/** Ends every throttle window now, as if the lockout window had passed. */
export async function endThrottleWindows(p: TestPlatform): Promise<void> {
  await p.store.query('DELETE FROM auth_failures');
}
