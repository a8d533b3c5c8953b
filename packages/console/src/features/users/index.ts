// The users feature's public face: the pages the app's route tree mounts, and the list's filter names.
import './users.css';
export { UsersPage, USER_FILTERS } from './users-page.tsx';
export { SecuritySettingsPage } from './security-settings-page.tsx';
