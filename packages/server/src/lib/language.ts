export type Language = 'en' | 'zh';

/** English unless Accept-Language prefers Chinese (the first of en/zh by q-value wins). */
export function preferredLanguage(header: string | undefined): Language {
  if (!header) return 'en';
  let best: { language: Language; q: number } | undefined;
  for (const part of header.slice(0, 256).split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const language = tag.startsWith('zh') ? 'zh' : tag.startsWith('en') ? 'en' : undefined;
    if (!language) continue;
    const qParam = params.find((p) => p.trim().startsWith('q='));
    const q = qParam ? Number(qParam.trim().slice(2)) : 1;
    // q=0 means "not acceptable" (RFC 9110 §12.4.2): never pick that language.
    if (Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { language, q };
  }
  return best?.language ?? 'en';
}
