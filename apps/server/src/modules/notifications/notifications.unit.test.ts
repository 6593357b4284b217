import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildChannelConfig, maskUrl, presentConfig, SECRET_MASK } from './channels/channel-config.ts';
import { dingtalkSign, feishuSign } from './channels/robots.ts';
import { webhookSignature } from './channels/webhook.ts';
import { messageContext } from './compose.ts';
import { ancestorIds, ancestorPaths } from './dispatch.repository.ts';
import { formatDeadline, type MessageContext, renderMessage } from './messages.ts';
import { prefEnabled } from './recipients.ts';

const ctx: MessageContext = {
  docNumber: '江川网信通〔2026〕3号',
  title: '门户网站存在暗链',
  unitName: '江川区教育局',
  signDueAt: '2026-10-13T09:30:00.000Z',
  rectifyDueAt: '2026-10-20T09:30:00.000Z',
  dueAt: null,
  reason: null,
  level: null,
  findingTitle: null,
  severity: 'II',
  link: '/notices/7',
};

describe('notification messages', () => {
  it('renders the issued notice in Chinese with the sign deadline in Beijing time', () => {
    const m = renderMessage('notice.issued', 'zh-CN', ctx);
    expect(m.title).toBe(
      '【通报】江川网信通〔2026〕3号《门户网站存在暗链》已下发，请于 10月13日 17:30 前签收',
    );
    expect(m.body).toContain('江川区教育局');
    expect(m.body).toContain('10月20日 17:30 前完成整改');
    expect(m.body).toContain('详情：/notices/7');
  });

  it('renders English for English-speaking recipients and appends the reason', () => {
    const m = renderMessage('notice.returned', 'en-US', { ...ctx, reason: 'links still present' });
    expect(m.title).toBe(
      '[Returned] The report-back on 江川网信通〔2026〕3号 “门户网站存在暗链” was returned; rectify by 20 Oct, 17:30',
    );
    expect(m.body).toContain('Reason: links still present');
  });

  it('names the supervision level and says when a deadline is not set', () => {
    const m = renderMessage('notice.supervised', 'zh-CN', {
      ...ctx,
      level: 3,
      dueAt: null,
      rectifyDueAt: null,
    });
    expect(m.title).toContain('网信办领导督办');
    expect(formatDeadline(null, 'zh-CN')).toBe('（未设定）');
    expect(formatDeadline(null, 'en-US')).toBe('(not set)');
  });
});

describe('message context', () => {
  it('takes the deadline a sweep message names, and the reason and level from the payload', () => {
    const notice = {
      id: 7,
      docNumber: 'D1',
      title: 'T',
      state: 'signed',
      severity: 'II',
      unitId: 1,
      unitName: 'U',
      regionPath: '/1/',
      officeRegionId: 1,
      createdBy: 1,
      signDueAt: '2026-10-13T09:30:00.000Z',
      rectifyDueAt: '2026-10-20T09:30:00.000Z',
    };
    expect(messageContext('notice.overdue', notice, null, { deadline: 'sign', level: 2 })).toMatchObject({
      dueAt: '2026-10-13T09:30:00.000Z',
      level: 2,
      link: '/notices/7',
    });
    expect(messageContext('notice.reminder', notice, null, { deadline: 'rectify' }).dueAt).toBe(
      '2026-10-20T09:30:00.000Z',
    );
    expect(messageContext('notice.returned', notice, null, { reason: 'again' }).reason).toBe('again');
  });
});

describe('channel signatures', () => {
  it('signs DingTalk requests as Base64(HMAC-SHA256(secret, "ts\\nsecret"))', () => {
    // Vector computed with the formula from DingTalk's robot documentation.
    const expected = createHmac('sha256', 'SEC123').update('1700000000000\nSEC123').digest('base64');
    expect(dingtalkSign('SEC123', 1700000000000)).toBe(expected);
  });

  it('signs Feishu requests with the key "ts\\nsecret" over an empty message', () => {
    const expected = createHmac('sha256', '1700000000\nabc').digest('base64');
    expect(feishuSign('abc', 1700000000)).toBe(expected);
  });

  it('signs webhooks as sha256=hex(HMAC(secret, "ts.body"))', () => {
    const expected = createHmac('sha256', 'k').update('17.{"a":1}').digest('hex');
    expect(webhookSignature('k', '17', '{"a":1}')).toBe(`sha256=${expected}`);
  });
});

describe('channel configuration', () => {
  it('accepts only http(s) URLs and requires a webhook secret, in the caller language', () => {
    const bad = buildChannelConfig('webhook', { url: 'file:///etc/passwd' }, null, 'en-US');
    expect(bad.problems).toEqual([
      { field: 'config.url', message: 'must be a full URL starting with http:// or https://' },
      { field: 'config.secret', message: 'a webhook needs a signing secret' },
    ]);
    const zh = buildChannelConfig('wecom', { url: 'ftp://x' }, null, 'zh-CN');
    expect(zh.problems[0]?.message).toBe('必须是 http:// 或 https:// 开头的完整网址');
    expect(
      buildChannelConfig(
        'dingtalk',
        { url: 'https://oapi.dingtalk.com/robot/send?access_token=abc' },
        null,
        'zh-CN',
      ).problems,
    ).toEqual([]);
  });

  it('validates SMTP settings', () => {
    const r = buildChannelConfig('email', { host: '', port: 70000, from: 'nobody' }, null, 'en-US');
    expect(r.problems.map((p) => p.field)).toEqual(['config.host', 'config.port', 'config.from']);
    const ok = buildChannelConfig(
      'email',
      { host: 'smtp.x.cn', port: 465, secure: true, from: '网信办 <a@x.cn>' },
      null,
      'en-US',
    );
    expect(ok.problems).toEqual([]);
  });

  it('masks secrets and URL tokens, and keeps them when the mask is sent back', () => {
    const first = buildChannelConfig(
      'feishu',
      { url: 'https://open.feishu.cn/open-apis/bot/v2/hook/0123456789abcdef', secret: 's3cret' },
      null,
      'zh-CN',
    ).config;
    const shown = presentConfig(first);
    expect(shown.secret).toBe(SECRET_MASK);
    expect(shown.url).toBe('https://open.feishu.cn/open-apis/bot/v2/hook/****cdef');
    expect(JSON.stringify(shown)).not.toContain('s3cret');
    const again = buildChannelConfig(
      'feishu',
      { url: shown.url, secret: SECRET_MASK },
      first,
      'zh-CN',
    ).config;
    expect(again.url).toBe(first.url);
    expect(again.secret).toBe('s3cret');
    const cleared = buildChannelConfig('feishu', { secret: null }, first, 'zh-CN').config;
    expect(cleared.secret).toBeNull();
    expect(maskUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcd')).toBe(
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?****',
    );
  });
});

describe('recipients helpers', () => {
  it('lists the ancestors of a region path', () => {
    expect(ancestorPaths('/1/4/12/')).toEqual(['/', '/1/', '/1/4/', '/1/4/12/']);
    expect(ancestorIds('/1/4/12/')).toEqual([1, 4, 12]);
  });

  it('resolves a preference: topic row, then "*", then on', () => {
    const prefs = [
      { user_id: 1, channel: 'email', topic: '*', enabled: 0 },
      { user_id: 1, channel: 'email', topic: 'notice.issued', enabled: 1 },
    ];
    expect(prefEnabled(prefs, 1, 'email', 'notice.issued')).toBe(true);
    expect(prefEnabled(prefs, 1, 'email', 'notice.closed')).toBe(false);
    expect(prefEnabled(prefs, 1, 'inapp', 'notice.closed')).toBe(true);
    expect(prefEnabled(prefs, 2, 'email', 'notice.closed')).toBe(true);
  });
});
