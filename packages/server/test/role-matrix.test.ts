// Every /admin/v1 route against every role: a role without the route's permission gets 403 FORBIDDEN
// before anything is parsed or read; a role with it never does. The expectation comes from the
// permission table (contract/permissions.ts), the routes from what the app registered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSION_NAMES, ROLES, roleCan, type Permission, type Role } from '@cardepass/contract';
import { createTestPlatform, type TestPlatform } from './harness.ts';
import { createUser, type TestUser } from './people-kit.ts';

const UNKNOWN_ID = 'UNKNOWN0000000000';
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

describe('role × route permission matrix', () => {
  let p: TestPlatform;
  let customerId: string;
  const users = new Map<Role, TestUser>();
  beforeAll(async () => {
    p = await createTestPlatform();
    ({ customerId } = await p.customer());
    for (const role of ROLES) users.set(role, await createUser(p, role, { customerId }));
  });
  afterAll(async () => { await p.close(); });

  const adminRoutes = () => p.app.registeredRoutes.filter((route) => route.url.startsWith('/admin/v1/'));
  const request = (user: TestUser, method: string, url: string) => user.call(
    method, url.replace(/^\/admin\/v1/, '').replace(/:\w+/g, UNKNOWN_ID), BODY_METHODS.has(method) ? {} : undefined);

  it('every operator route declares its access, and every permission of the table guards at least one route', () => {
    const routes = adminRoutes();
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) expect(route.access, `${route.method} ${route.url}`).toBeDefined();
    const used = new Set(routes.map((route) => route.access));
    expect(PERMISSION_NAMES.filter((permission) => !used.has(permission)), 'permissions no route uses').toEqual([]);
  });

  it('the admin key is never forbidden, on any route', async () => {
    // Rotating the admin key last: the key this test holds stops working after it.
    const routes = adminRoutes().filter((r) => r.access !== 'public')
      .sort((a, b) => Number(a.url.endsWith('/keys/admin/rotate')) - Number(b.url.endsWith('/keys/admin/rotate')));
    for (const route of routes) {
      const withBody = BODY_METHODS.has(route.method);
      const response = await p.app.inject({
        method: route.method as 'GET', url: route.url.replace(/:\w+/g, UNKNOWN_ID),
        headers: { 'x-admin-key': p.adminKey, ...(withBody ? { 'content-type': 'application/json' } : {}) }, ...(withBody ? { payload: {} } : {}),
      });
      expect(response.json()?.errorCode, `${route.method} ${route.url}`).not.toBe('FORBIDDEN');
      expect(response.statusCode, `${route.method} ${route.url}: ${response.body}`).toBeLessThan(500);
    }
  });

  it('answers 403 FORBIDDEN exactly where the table says the role lacks the permission', async () => {
    const routes = adminRoutes().filter((route) => route.access !== 'public' && route.access !== 'self');
    const mismatches: string[] = [];
    let checked = 0;
    for (const route of routes) {
      for (const role of ROLES) {
        const response = await request(users.get(role)!, route.method, route.url);
        const forbidden = response.statusCode === 403 && response.json?.errorCode === 'FORBIDDEN';
        const allowed = roleCan(role, route.access as Permission);
        if (forbidden === allowed) mismatches.push(`${role} ${route.method} ${route.url} (${route.access}): ${response.statusCode} ${response.json?.errorCode}`);
        if (response.statusCode >= 500) mismatches.push(`${role} ${route.method} ${route.url}: ${response.statusCode} ${response.body}`);
        checked++;
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(routes.length * ROLES.length);
    console.log(`role matrix: ${routes.length} permission-guarded routes × ${ROLES.length} roles = ${checked} checks`);
  });

  it('routes for one\'s own session and account are open to every role', async () => {
    const selfRoutes = adminRoutes().filter((route) => route.access === 'self');
    for (const route of selfRoutes) {
      for (const role of ROLES) {
        // A fresh user each time: some of these routes end the session they are called with.
        const response = await request(await createUser(p, role, { customerId }), route.method, route.url);
        expect(response.json?.errorCode, `${role} ${route.method} ${route.url}`).not.toBe('FORBIDDEN');
        expect(response.statusCode).toBeLessThan(500);
      }
    }
  });
});
