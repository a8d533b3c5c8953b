import { useId } from 'react';
import { LANGUAGES, useLanguage, useT, type Language } from '../lib/i18n.tsx';

const NAMES: Record<Language, string> = { en: 'English', zh: '中文' };

/** English / 中文, remembered in this browser. Each name is written in its own language. */
export function LanguageSwitch() {
  const { language, setLanguage } = useLanguage();
  const t = useT();
  const id = useId();
  return (
    <div className="language-switch">
      <label htmlFor={id}>{t('language.label')}</label>
      <select id={id} value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
        {LANGUAGES.map((code) => <option key={code} value={code} lang={code === 'zh' ? 'zh-CN' : 'en'}>{NAMES[code]}</option>)}
      </select>
    </div>
  );
}
