// The auth feature's public face: pages the app's route tree mounts, and the session query the app's guard reads.
export { SignInPage, safeRedirect } from './sign-in-page.tsx';
export { SetPasswordPage } from './set-password-page.tsx';
export { TwoFactorPage } from './two-factor-page.tsx';
export { AccountPage } from './account-page.tsx';
export { useSignOut } from './api.ts';
