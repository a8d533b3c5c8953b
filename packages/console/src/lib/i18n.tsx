import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, zh, type MessageKey } from './i18n-messages.ts';

/** The console's two languages: English and Chinese, the documents' language. */
export type Language = 'en' | 'zh';
export const LANGUAGES: readonly Language[] = ['en', 'zh'];
const STORAGE_KEY = 'cardepass.language';
const HTML_LANG: Record<Language, string> = { en: 'en', zh: 'zh-CN' };

export type Params = Record<string, string | number>;
const fill = (template: string, params?: Params) =>
  params ? template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole)) : template;

function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'zh') return stored;
  } catch { /* storage disabled: fall back to the browser's language */ }
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

// The API client runs outside React and sends this as Accept-Language, so the server answers errors in it.
let current: Language = typeof window === 'undefined' ? 'en' : initialLanguage();
export const currentLanguage = (): Language => current;

interface LanguageState { language: Language; setLanguage(language: Language): void }
const LanguageContext = createContext<LanguageState>({ language: 'en', setLanguage: () => {} });

export function LanguageProvider({ children, onChange }: { children: ReactNode; onChange?: () => void }) {
  const [language, setState] = useState<Language>(current);
  useEffect(() => { document.documentElement.lang = HTML_LANG[language]; }, [language]);
  const setLanguage = useCallback((next: Language) => {
    current = next;
    try { localStorage.setItem(STORAGE_KEY, next); } catch { /* not remembered, still switched */ }
    setState(next);
    // Server answers already cached carry messages in the old language (e.g. an error): fetch again.
    onChange?.();
  }, [onChange]);
  const value = useMemo(() => ({ language, setLanguage }), [language, setLanguage]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export const useLanguage = () => useContext(LanguageContext);

/** The shared words: `t('nav.cards')`, `t('table.page', {page, pages})`. */
export function useT(): (key: MessageKey, params?: Params) => string {
  const { language } = useLanguage();
  return useCallback((key, params) => fill((language === 'zh' ? zh : en)[key], params), [language]);
}

/**
 * A feature's own words. `zh` must have exactly `en`'s keys (TypeScript checks it):
 *   const messages = defineMessages({ title: 'Cards' }, { title: '卡片' });
 *   const t = useMessages(messages); t('title')
 */
export function defineMessages<K extends string>(english: Record<K, string>, chinese: NoInfer<Record<K, string>>) {
  return { en: english, zh: chinese };
}

export function useMessages<K extends string>(messages: { en: Record<K, string>; zh: Record<K, string> }) {
  const { language } = useLanguage();
  return useCallback((key: K, params?: Params) => fill(messages[language][key], params), [language, messages]);
}
