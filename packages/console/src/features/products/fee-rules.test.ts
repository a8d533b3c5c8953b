// The fee form's conversions, checked against the contract's own parser (the one the server runs):
// what an operator types as a percentage is stored exactly as the fraction the API expects, and back.
import { describe, expect, it } from 'vitest';
import { parsePercent } from '@cardepass/contract';
import { checkFees, draftsFrom, fractionToPercentText, percentTextToFraction, type FeeDrafts } from './fee-rules.ts';

const none = (): FeeDrafts => draftsFrom([]);

describe('fee rules of the product form', () => {
  it('turns a typed percentage into the API fraction exactly, and the server reads the same millionths', () => {
    for (const [typed, fraction, micros] of [['1.5', '0.015', 15_000n], ['0', '0', 0n], ['100', '1', 1_000_000n], ['0.0001', '0.000001', 1n], ['2.25', '0.0225', 22_500n]] as const) {
      expect(percentTextToFraction(typed)).toBe(fraction);
      expect(parsePercent(fraction)).toBe(micros);
    }
  });

  it('refuses percentages outside 0–100 or with more than 4 decimals', () => {
    for (const typed of ['100.0001', '150', '-1', '1.23456', 'abc', '1e2', '']) expect(percentTextToFraction(typed)).toBeNull();
  });

  it('shows the API fraction as the percentage people read', () => {
    expect(fractionToPercentText(0.015)).toBe('1.5');
    expect(fractionToPercentText(0.0225)).toBe('2.25');
    expect(fractionToPercentText(1)).toBe('100');
    expect(fractionToPercentText(0)).toBe('0');
    expect(fractionToPercentText(0.000001)).toBe('0.0001');
  });

  it('checks fixed fees against the currency with the fewest decimals, and sends only charged fees', () => {
    const drafts = { ...none(), CARD_ISSUE: { method: 'Fixed', value: '1.50' }, CARD_TOPUP: { method: 'Percent', value: '1.5' } } as FeeDrafts;
    expect(checkFees(drafts, ['USD', 'EUR'])).toEqual({
      fees: { CARD_ISSUE: { chargeMethodType: 'Fixed', fixedValue: '1.50' }, CARD_TOPUP: { chargeMethodType: 'Percent', percent: '0.015' } },
      problems: {},
    });
    expect(checkFees(drafts, ['USD', 'JPY']).problems).toEqual({ CARD_ISSUE: { key: 'feeDecimals', currency: 'JPY', decimals: 0 } });
    const bad = { ...none(), CARD_CANCEL: { method: 'Fixed', value: '' }, CARD_WITHDRAW: { method: 'Fixed', value: '-1' }, CARD_TOPUP: { method: 'Percent', value: '101' } } as FeeDrafts;
    expect(checkFees(bad, ['USD']).problems).toEqual({
      CARD_CANCEL: { key: 'required' }, CARD_WITHDRAW: { key: 'feeNumber' }, CARD_TOPUP: { key: 'percentRange' },
    });
  });

  it('reads a product\'s schedule back into the form (absent fees are not charged)', () => {
    const drafts = draftsFrom([
      { feeCode: 'CARD_ISSUE', chargeMethodType: 'Fixed', fixedValue: '5', percent: 0 },
      { feeCode: 'CARD_TOPUP', chargeMethodType: 'Percent', fixedValue: '0', percent: 0.015 },
    ]);
    expect(drafts.CARD_ISSUE).toEqual({ method: 'Fixed', value: '5' });
    expect(drafts.CARD_TOPUP).toEqual({ method: 'Percent', value: '1.5' });
    expect(drafts.CARD_CANCEL).toEqual({ method: 'None', value: '' });
  });
});
