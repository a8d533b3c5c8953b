import path from 'node:path';
import type { Config } from '../config.ts';

type SystemError = Error & { code?: string; syscall?: string; path?: string; port?: number; address?: string };

// What a PostgreSQL client sees when the server is not there, not answering, or refuses us.
const DATABASE_CONNECT_CODES = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET',
  '28P01', '28000', '3D000', '57P03',
]);

/**
 * The one line an operator reads when `cardepass serve` cannot start: what is
 * wrong, and what to do about it. Never a stack trace, never a secret (the
 * password of DATABASE_URL is left out).
 */
export function describeStartupError(error: unknown, config: Pick<Config, 'port' | 'host' | 'dataDir' | 'databaseUrl' | 'dataKey'>): string {
  const e = (error ?? {}) as SystemError;
  const code = e.code ?? '';
  const message = oneLine(e.message ?? String(error));
  if (e.syscall === 'listen' || e.syscall === 'bind') {
    if (code === 'EADDRINUSE') return `cardepass: port ${config.port} is in use (EADDRINUSE); choose another with --port or PORT`;
    if (code === 'EACCES') return `cardepass: not allowed to listen on port ${config.port} (EACCES); choose a port above 1023 with --port or PORT`;
    if (code === 'EADDRNOTAVAIL') return `cardepass: ${config.host} is not an address of this machine (EADDRNOTAVAIL); set --host or HOST (0.0.0.0 for all)`;
    return `cardepass: cannot listen on ${config.host}:${config.port} (${code || message}); check --host/HOST and --port/PORT`;
  }
  if (config.databaseUrl && (DATABASE_CONNECT_CODES.has(code) || e.name === 'TimeoutError')) {
    const detail = !message ? code : code && !message.includes(code) ? `${code}: ${message}` : message;
    return `cardepass: cannot reach the database at ${redactUrl(config.databaseUrl)} (${detail}); `
      + 'check DATABASE_URL or --database-url, and that PostgreSQL is running and accepts this user';
  }
  const keyFile = e.path && ['data.key', 'admin.key'].includes(path.basename(e.path)) ? e.path : null;
  if (keyFile) {
    const variable = path.basename(keyFile) === 'data.key' ? 'CARDEPASS_DATA_KEY' : 'CARDEPASS_ADMIN_KEY';
    return `cardepass: cannot read the key file ${keyFile} (${code}); make it a file readable by this user (mode 0600), or set ${variable}`;
  }
  if (/must be 32 bytes/.test(message)) {
    // Never "delete it and start again": the cards' numbers are encrypted with this key.
    return config.dataKey
      ? 'cardepass: CARDEPASS_DATA_KEY is malformed (must be 32 bytes, as 64 hex digits or base64); set it to this installation\'s data key'
      : `cardepass: the data key file ${path.join(config.dataDir, 'data.key')} is malformed (must be 32 bytes, as 64 hex digits or base64); `
        + 'restore this installation\'s key file from backup, or set CARDEPASS_DATA_KEY';
  }
  if (e.path && (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')) {
    return `cardepass: cannot write ${e.path} (${code}); make the data directory writable by this user, or choose another with --data-dir or CARDEPASS_DATA_DIR`;
  }
  return `cardepass: could not start: ${message}${code && !message.includes(code) ? ` (${code})` : ''}`;
}

/** postgres://user:secret@host/db → postgres://user@host/db */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'DATABASE_URL (not a valid URL)';
  }
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();
