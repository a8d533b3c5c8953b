// The API credentials feature's public face: the page the app's route tree mounts.
import './credentials.css';
export { CredentialsPage } from './credentials-page.tsx';
