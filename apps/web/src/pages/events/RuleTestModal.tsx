import { Button, Descriptions, Flex, Input, List, Modal, Alert as Notice, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { LevelTag } from './AlertTags.tsx';
import { parseEvent } from './alerts-logic.ts';
import type { RuleTestResult } from './events-types.ts';

const SAMPLE = JSON.stringify(
  {
    '@timestamp': '2026-11-22T01:00:00Z',
    logsource: { category: 'webserver' },
    source: { ip: '203.0.113.7' },
    url: { path: '/index.php', query: "id=1' or '1'='1" },
    http: { request: { method: 'GET' }, response: { status_code: 200 } },
  },
  null,
  2,
);

/** Runs one stored rule (ruleId) or every enabled rule (null) on a pasted JSON event. */
export function RuleTestModal({
  open,
  ruleId,
  onClose,
}: {
  open: boolean;
  ruleId: number | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const showError = useShowError();
  const [text, setText] = useState(SAMPLE);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<RuleTestResult | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (open) setResult(null);
  }, [open]);

  const run = async () => {
    const parsed = parseEvent(text);
    if (!parsed.ok) {
      setError(t('rules.testEventInvalid', { reason: parsed.reason }));
      return;
    }
    setError(null);
    setBusy(true);
    try {
      const { data } = await api.POST('/api/v1/events/rules/test', {
        body: { event: parsed.event, ...(ruleId !== null ? { ruleId } : {}) },
      });
      if (data) setResult(data);
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      onCancel={onClose}
      footer={null}
      width={760}
      title={t('rules.testTitle')}
      destroyOnHidden
    >
      <Flex vertical gap={12}>
        <Typography.Text>{t('rules.testEvent')}</Typography.Text>
        <Input.TextArea
          rows={12}
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
          style={{ fontFamily: 'monospace', fontSize: 12 }}
          status={error ? 'error' : undefined}
          data-testid="rule-test-event"
        />
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
        <Button type="primary" loading={busy} onClick={() => void run()} data-testid="rule-test-run">
          {t('rules.testRun')}
        </Button>
        {result && (
          <Flex vertical gap={8} data-testid="rule-test-result">
            <Notice
              type={result.matches.length > 0 ? 'success' : 'info'}
              title={
                result.matches.length > 0
                  ? t('rules.testMatches', { n: result.matches.length, tested: result.rulesTested })
                  : t('rules.testNoMatch', { tested: result.rulesTested })
              }
            />
            <List
              size="small"
              dataSource={result.matches}
              renderItem={(m) => (
                <List.Item>
                  <Flex vertical gap={4} style={{ width: '100%' }}>
                    <span>
                      <LevelTag level={m.level ?? 'medium'} /> {m.title}
                    </span>
                    <Descriptions size="small" column={1} bordered>
                      {Object.entries(m.matchedFields).map(([k, v]) => (
                        <Descriptions.Item key={k} label={k}>
                          <Typography.Text code>{v}</Typography.Text>
                        </Descriptions.Item>
                      ))}
                    </Descriptions>
                  </Flex>
                </List.Item>
              )}
            />
            {result.correlations.length > 0 && (
              <Notice
                type="warning"
                title={t('rules.testCorrelations')}
                description={result.correlations.map((c) => c.title).join('；')}
              />
            )}
            {result.unsupported.length > 0 && (
              <Notice
                type="warning"
                title={t('rules.problems')}
                description={result.unsupported.map((u) => (
                  <div key={`${u.source}-${u.reason}`}>
                    {u.title ?? u.source}: {u.reason}
                  </div>
                ))}
              />
            )}
          </Flex>
        )}
      </Flex>
    </Modal>
  );
}
