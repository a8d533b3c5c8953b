import { ApiError } from '../../lib/api-error.ts';
import { hashSecret, verifySecret } from '../../lib/crypto.ts';

/**
 * Users' passwords: the policy (NIST SP 800-63B: length and a list of known
 * passwords, no composition rules) and their hashing (scrypt, as client secrets).
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

// The zxcvbn-ts common list (about 49,000 leaked passwords, lower-case), decompressed by the
// package itself when first imported: loaded once, on the first password check, not at start-up.
let commonPasswords: Promise<Set<string>> | undefined;
function loadCommonPasswords(): Promise<Set<string>> {
  commonPasswords ??= import('@zxcvbn-ts/language-common').then(({ dictionary }) => new Set(dictionary['passwords-common']));
  return commonPasswords;
}

/** Whether a password is on the bundled list of commonly used ones (case-insensitive, as the list is). */
export async function isCommonPassword(password: string): Promise<boolean> {
  return (await loadCommonPasswords()).has(password.toLowerCase());
}

const weak = (field: string, en: string, zh: string) => new ApiError('PASSWORD_TOO_WEAK', { field, reason: { en, zh } });

/**
 * Refuses a password a user may not choose: 400 PASSWORD_TOO_WEAK naming the
 * field, with the reason in both languages. Length is counted in code points,
 * so a passphrase in Chinese counts its characters, not its UTF-16 units.
 */
export async function checkPasswordPolicy(password: string, email: string, field: string): Promise<void> {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) throw weak(field, `use at least ${PASSWORD_MIN_LENGTH} characters`, `至少需要 ${PASSWORD_MIN_LENGTH} 个字符`);
  if (length > PASSWORD_MAX_LENGTH) throw weak(field, `use at most ${PASSWORD_MAX_LENGTH} characters`, `最多 ${PASSWORD_MAX_LENGTH} 个字符`);
  if (password.trim() === '' || new Set(password).size < 4) throw weak(field, 'it repeats too few different characters', '使用的不同字符太少');
  if (await isCommonPassword(password)) throw weak(field, 'it is on the list of commonly used passwords', '该密码属于常用密码');
  // The local part of the address is the first thing an attacker tries, whatever is added around it.
  const localPart = email.split('@')[0]!.toLowerCase();
  if (localPart.length >= 3 && password.toLowerCase().includes(localPart)) {
    throw weak(field, 'it contains your e-mail address', '密码中不能包含您的电子邮件地址');
  }
}

export const hashPassword = (password: string) => hashSecret(password);
export const verifyPassword = (password: string, stored: string) => verifySecret(password, stored);

// Verified against when the user is unknown or has no password yet, so the answer takes as long
// either way and timing does not reveal which addresses have accounts.
export const DUMMY_PASSWORD_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
