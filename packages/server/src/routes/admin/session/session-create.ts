import { people } from '@cardepass/contract';
import { ApiError } from '../../../lib/api-error.ts';
import { ok } from '../../../plugins/envelope.ts';
import { setSessionCookie } from '../access.ts';
import { errorResponses, type RouteModule } from '../../route-kit.ts';
import { sessionInfo, signInThrottle, userOrigin } from './session-kit.ts';

/**
 * POST /admin/v1/session — sign in with e-mail and password (and, when enrolled,
 * a TOTP code or a recovery code). Answers the session and sets its cookie.
 * Unknown address, wrong password, disabled user and no password yet all answer
 * the same 401 SIGN_IN_FAILED. A missing code after the right password is not
 * counted as a failure; a wrong one is.
 */
const route: RouteModule = (app, ctx) => {
  const throttle = signInThrottle(ctx, app.log);
  app.post('/session', {
    config: { access: 'public' },
    schema: {
      tags: ['Admin'], summary: 'Sign in (console session)', security: [],
      body: people.SignInRequest, response: { 200: people.SessionResponse, ...errorResponses },
    },
  }, async (request, reply) => {
    const { email, password, totpCode, recoveryCode } = request.body;
    reply.header('cache-control', 'no-store');
    await throttle.refuseWhileLocked(request, reply, email);
    const outcome = await ctx.users.authenticate(email, password, totpCode, recoveryCode);
    if (outcome.kind === 'totp_required') throw new ApiError('TOTP_REQUIRED');
    if (outcome.kind !== 'signed_in') {
      await throttle.recordFailure(request, email);
      throw new ApiError(outcome.kind === 'totp_invalid' ? 'TOTP_INVALID' : 'SIGN_IN_FAILED');
    }
    const { user } = outcome;
    // The organisation's rule applies from this sign-in on: until enrolled, the session may only enrol.
    const totpEnrolmentRequired = user.totp_enabled_at === null && await ctx.users.organisationRequiresTotp(user);
    const session = await ctx.sessions.create(user.id, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null, totpEnrolmentRequired });
    const lastSignIn = await ctx.users.recordSignIn(user, userOrigin(request, user), outcome.secondFactor);
    setSessionCookie(request, reply, session.token, session.expiresAt);
    return ok(request, sessionInfo({ ...user, last_sign_in_at: lastSignIn }, { ...session, totpEnrolmentRequired }));
  });
};
export default route;
