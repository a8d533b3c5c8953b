// The API credentials feature's public face: the page the app's route tree mounts, the section the
// customer's page shows, and the once-only display of a new secret.
import './credentials.css';
export { CredentialsPage } from './credentials-page.tsx';
export { ApiCredentials } from './api-credentials.tsx';
export { SecretOnce } from './secret-once.tsx';
