import { SHIPPED_CALENDARS, WorkingCalendar } from '@shouwang/common/calendar/index';
import { describe, expect, it } from 'vitest';
import { renderYearText } from './calendar.text.ts';

const calendar = new WorkingCalendar(SHIPPED_CALENDARS);

describe('renderYearText', () => {
  it('draws each month Monday-first with holidays (*), weekends (-) and make-up days (+)', () => {
    const text = renderYearText(calendar, 2026, 'shipped');
    const october = text.slice(text.indexOf('October 2026'), text.indexOf('November 2026'));
    expect(october).toBe(
      [
        'October 2026: 18 working, 13 not',
        '   Mon Tue Wed Thu Fri Sat Sun',
        '                1*  2*  3*  4*',
        '    5*  6*  7*  8   9  10+ 11-',
        '   12  13  14  15  16  17- 18-',
        '   19  20  21  22  23  24- 25-',
        '   26  27  28  29  30  31-',
        '  Holidays: 10-01 – 10-07 国庆节',
        '  Make-up working days: 10-10 (Sat) 国庆节',
        '',
        '',
      ].join('\n'),
    );
  });

  it('says when a year is provisional', () => {
    const text = renderYearText(calendar, 2027, 'shipped');
    expect(text).toMatch(/^2027: PROVISIONAL/);
    expect(text).not.toContain('Holidays:');
    expect(text).toContain('261 working days, 104 non-working days.');
  });
});
