import { describe, expect, it } from 'vitest';
import { preferredLanguage } from './language.ts';

describe('preferredLanguage', () => {
  it('defaults to English', () => {
    expect(preferredLanguage(undefined)).toBe('en');
    expect(preferredLanguage('')).toBe('en');
    expect(preferredLanguage('*')).toBe('en');
    expect(preferredLanguage('fr-FR, de;q=0.9')).toBe('en');
    expect(preferredLanguage(';;;,,,q=')).toBe('en');
  });

  it('picks Chinese for any zh tag, case-insensitively', () => {
    for (const header of ['zh', 'zh-CN', 'ZH-cn', 'zh-Hans-CN', 'zh-TW', ' zh-CN ']) {
      expect(preferredLanguage(header), header).toBe('zh');
    }
  });

  it('follows q-values between en and zh', () => {
    expect(preferredLanguage('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh');
    expect(preferredLanguage('en-US,en;q=0.9,zh;q=0.8')).toBe('en');
    expect(preferredLanguage('en;q=0.5, zh;q=0.6')).toBe('zh');
    expect(preferredLanguage('zh;q=0.5, en;q=0.6')).toBe('en');
    expect(preferredLanguage('fr, de;q=0.9, zh;q=0.1')).toBe('zh');
    expect(preferredLanguage('zh; q=0.7, en; q=0.3')).toBe('zh');
  });

  it('lets the first of equal q-values win', () => {
    expect(preferredLanguage('en, zh')).toBe('en');
    expect(preferredLanguage('zh, en')).toBe('zh');
  });

  it('treats q=0 as "not acceptable" (RFC 9110)', () => {
    expect(preferredLanguage('zh;q=0')).toBe('en');
    expect(preferredLanguage('zh-CN;q=0, fr')).toBe('en');
    expect(preferredLanguage('en;q=0, zh;q=0.1')).toBe('zh');
  });

  it('ignores invalid q-values and reads only the first 256 characters', () => {
    expect(preferredLanguage('zh;q=abc, en;q=0.1')).toBe('en');
    expect(preferredLanguage(`${'x-unknown, '.repeat(30)}zh`)).toBe('en');
  });
});
