import { CURRENCIES, formatMinor, isCurrency } from '@cardepass/contract';
import { useLanguage, type Language } from './i18n.tsx';

/**
 * Amounts with their currency's decimals (the contract's table: JPY 0, USD 2…), grouped
 * for reading; dates in the browser's time zone with the UTC time on hover.
 */
const LOCALE: Record<Language, string> = { en: 'en-US', zh: 'zh-CN' };

/** Decimals of a currency; unknown codes show what the server sent, with 2 decimals. */
export const decimalsOf = (currency: string): number => (isCurrency(currency) ? CURRENCIES[currency] : 2);

/** An amount as the server sends it (a JSON number with the currency's decimals, or minor units as bigint). */
export function formatAmount(amount: number | bigint, currency: string, language: Language = 'en'): string {
  const decimals = decimalsOf(currency);
  // Decimal text first (exact for bigint minor units; toFixed is exact for the server's short decimals).
  const text = typeof amount === 'bigint' ? formatMinor(amount, decimals) : amount.toFixed(decimals);
  const negative = text.startsWith('-');
  const [whole = '0', fraction] = (negative ? text.slice(1) : text).split('.');
  const grouped = new Intl.NumberFormat(LOCALE[language], { useGrouping: true }).format(BigInt(whole));
  return `${negative ? '-' : ''}${grouped}${fraction ? '.' + fraction : ''} ${currency}`;
}

export function Amount({ value, currency }: { value: number | bigint; currency: string }) {
  const { language } = useLanguage();
  return <span className="amount">{formatAmount(value, currency, language)}</span>;
}

export function formatDateTime(iso: string, language: Language = 'en'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(LOCALE[language], { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}

/** A time from the server (ISO 8601): shown in the user's time zone; the exact UTC time on hover. */
export function Time({ value }: { value: string | null | undefined }) {
  const { language } = useLanguage();
  if (!value) return <span>—</span>;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return <span>{value}</span>;
  return <time dateTime={date.toISOString()} title={`${date.toISOString()} (UTC)`}>{formatDateTime(value, language)}</time>;
}
