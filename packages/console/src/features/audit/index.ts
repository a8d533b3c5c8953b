// The audit feature's public face: the log and one entry, and the list's filter names.
import './audit.css';
export { AuditPage, AUDIT_FILTERS } from './audit-page.tsx';
export { AuditDetailPage } from './audit-detail-page.tsx';
