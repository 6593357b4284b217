import { describe, expect, it } from 'vitest';
import { noticeDocText } from './document-text.ts';
import { evidenceSummary } from './notice-document.ts';
import { eventText } from './report-back-document.ts';

describe('evidenceSummary', () => {
  it('lists scalar and list fields of the detector’s JSON and skips nested objects', () => {
    expect(evidenceSummary(JSON.stringify({ links: 3, urls: ['a', 'b'], raw: { x: 1 }, ok: false }))).toBe(
      'links: 3; urls: a, b; ok: false',
    );
  });
  it('cuts long evidence and keeps text that is not JSON', () => {
    expect(evidenceSummary(JSON.stringify({ html: 'x'.repeat(1000) }))).toHaveLength(301);
    expect(evidenceSummary('plain words')).toBe('plain words');
    expect(evidenceSummary('[1,2]')).toBe('');
  });
});

describe('eventText', () => {
  it('joins the note and the reason, ignoring data that is not a note', () => {
    expect(eventText({ data: JSON.stringify({ note: ' fixed ' }), reason: 'late' })).toBe('fixed late');
    expect(eventText({ data: JSON.stringify({ other: 1 }), reason: null })).toBe('');
    expect(eventText({ data: 'not json', reason: ' why ' })).toBe('why');
  });
});

describe('document dates', () => {
  it('write 成文日期 in China time, in Chinese and in English', () => {
    // 16:30 UTC on 8 October is already 9 October in Beijing.
    const at = new Date('2026-10-08T16:30:00Z');
    expect(noticeDocText('zh-CN').date(at)).toBe('2026年10月9日');
    expect(noticeDocText('zh-CN').dateTime(at)).toBe('2026年10月9日00:30');
    expect(noticeDocText('en-US').date(at)).toBe('9 October 2026');
  });
});
