// Tests the UI text helpers.
import { describe, expect, it } from 'vitest';
import { badgeText, formatAsOf, pageSummary, typeLabel } from './format';

describe('format', () => {
  it('formats as-of dates of every precision', () => {
    expect(formatAsOf('2017-09-14')).toBe('14 Sep 2017');
    expect(formatAsOf('2018-03')).toBe('Mar 2018');
    expect(formatAsOf('2002')).toBe('2002');
    expect(formatAsOf('undated')).toBe('undated');
  });
  it('summarises a page', () => {
    expect(pageSummary(6, 23)).toBe('6 entities · 23 mentions');
    expect(pageSummary(1, 1)).toBe('1 entity · 1 mention');
  });
  it('caps the badge and hides zero', () => {
    expect(badgeText(0)).toBe('');
    expect(badgeText(7)).toBe('7');
    expect(badgeText(1200)).toBe('999+');
  });
  it('labels types', () => {
    expect(typeLabel('organization')).toBe('Organisation');
    expect(typeLabel('facility', true)).toBe('Facilities');
  });
});
