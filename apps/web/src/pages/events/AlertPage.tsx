import {
  App,
  Button,
  Card,
  Collapse,
  Descriptions,
  Empty,
  Flex,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { SeverityTag } from '../notices/NoticeTags.tsx';
import { AlertStateTag, LevelTag } from './AlertTags.tsx';
import { eventLines, suppressionFromAlert } from './alerts-logic.ts';
import { EventsNav } from './EventsNav.tsx';
import type { Alert, AlertAction, AlertDetail } from './events-types.ts';
import { type SuppressionDraft, SuppressionDrawer } from './SuppressionDrawer.tsx';

function EventView({ event, matched }: { event: unknown; matched: Record<string, string> }) {
  const lines = eventLines(event, matched);
  return (
    <div style={{ fontFamily: 'monospace', fontSize: 12, maxHeight: 360, overflow: 'auto' }}>
      {lines.map((l) => (
        <div
          key={l.path}
          data-testid={l.matched ? 'matched-field' : undefined}
          style={{
            background: l.matched ? '#fff1b8' : undefined,
            padding: '1px 4px',
            wordBreak: 'break-all',
          }}
        >
          <span style={{ color: '#595959' }}>{l.path}</span>: {l.value}
        </div>
      ))}
    </div>
  );
}

/** One alert: matched fields highlighted in its sample events, related alerts, triage, suppress, notice. */
export function AlertPage() {
  const { id } = useParams();
  const alertId = Number(id);
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const showError = useShowError();
  const [detail, setDetail] = useState<AlertDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [draft, setDraft] = useState<SuppressionDraft | null>(null);

  const load = useCallback(async () => {
    try {
      const { data } = await api.GET('/api/v1/events/alerts/{id}', { params: { path: { id: alertId } } });
      if (data) setDetail(data);
    } catch (err) {
      setMissing(true);
      showError(err);
    }
  }, [alertId, showError]);
  useEffect(() => {
    void load();
  }, [load]);

  if (missing) return <Empty />;
  if (!detail) return <Spin />;
  const a = detail;

  const act = async (action: AlertAction) => {
    setBusy(true);
    try {
      await api.POST('/api/v1/events/alerts/{id}/transition', {
        params: { path: { id: a.id } },
        body: { action, version: a.version },
      });
      message.success(t('alerts.done'));
      await load();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  const raise = async () => {
    setBusy(true);
    try {
      const { data } = await api.POST('/api/v1/events/alerts/{id}/raise-notice', {
        params: { path: { id: a.id } },
      });
      if (!data) return;
      if (data.created) {
        message.success(t('alerts.noticeRaised'));
        navigate(`/notices/${data.noticeId}/edit`);
      } else {
        message.info(t('alerts.noticeExists'));
        navigate(`/notices/${data.noticeId}`);
      }
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  const related: Alert[] = a.related;
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="alert-title">
          {a.title}
        </Typography.Title>
        <EventsNav />
      </Flex>
      <Card
        size="small"
        title={
          <Space wrap>
            <LevelTag level={a.level} />
            <SeverityTag severity={a.severity} />
            {a.isCii && <Tag color="purple">{t('alerts.cii')}</Tag>}
            <AlertStateTag state={a.state} />
          </Space>
        }
        extra={
          <Space wrap>
            {a.abilities.acknowledge && (
              <Button loading={busy} onClick={() => void act('acknowledge')} data-testid="alert-ack">
                {t('alerts.acknowledge')}
              </Button>
            )}
            {a.abilities.falsePositive && (
              <Button loading={busy} onClick={() => void act('false_positive')} data-testid="alert-fp">
                {t('alerts.falsePositive')}
              </Button>
            )}
            {a.abilities.close && (
              <Button loading={busy} onClick={() => void act('close')} data-testid="alert-close">
                {t('alerts.close')}
              </Button>
            )}
            {a.abilities.reopen && (
              <Button loading={busy} onClick={() => void act('reopen')} data-testid="alert-reopen">
                {t('alerts.reopen')}
              </Button>
            )}
            {a.abilities.suppress && (
              <Button
                onClick={() => setDraft({ ...suppressionFromAlert(a), unitName: a.unitName })}
                data-testid="alert-suppress"
              >
                {t('alerts.suppress')}
              </Button>
            )}
            {a.noticeId !== null ? (
              <Link to={`/notices/${a.noticeId}`} data-testid="alert-notice-link">
                {t('alerts.openNotice', { id: a.noticeId })}
              </Link>
            ) : (
              a.abilities.raiseNotice && (
                <Button
                  type="primary"
                  loading={busy}
                  onClick={() => void raise()}
                  data-testid="alert-raise-notice"
                >
                  {t('alerts.raiseNotice')}
                </Button>
              )
            )}
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('alerts.rule')}>
            {t(`alerts.kind.${a.kind}`)} · {a.ruleKey}
          </Descriptions.Item>
          <Descriptions.Item label={t('alerts.unit')}>{a.unitName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('alerts.asset')}>{a.assetName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('alerts.key')}>{a.groupKey || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('alerts.count')}>
            <span data-testid="alert-count">{a.count}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('alerts.firstSeen')}>
            {formatDateTime(a.firstSeenAt, true)}
          </Descriptions.Item>
          <Descriptions.Item label={t('alerts.lastSeen')}>
            {formatDateTime(a.lastSeenAt, true)}
          </Descriptions.Item>
          <Descriptions.Item label={t('alerts.windowEnds')}>
            {formatDateTime(a.windowEndsAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('alerts.sourceLabel')}>#{a.sourceId}</Descriptions.Item>
          <Descriptions.Item label={t('alerts.findingLabel')}>
            {a.findingId !== null ? `#${a.findingId}` : '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t('alerts.matchedFields')}>
        {Object.keys(a.matchedFields).length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <Descriptions size="small" column={1} bordered>
            {Object.entries(a.matchedFields).map(([k, v]) => (
              <Descriptions.Item key={k} label={k}>
                <Typography.Text code style={{ wordBreak: 'break-all' }}>
                  {v}
                </Typography.Text>
              </Descriptions.Item>
            ))}
          </Descriptions>
        )}
      </Card>
      <Card size="small" title={t('alerts.samples', { n: a.samples.length })}>
        <Collapse
          size="small"
          defaultActiveKey={a.samples[0] ? [String(a.samples[0].id)] : []}
          items={a.samples.map((s) => ({
            key: String(s.id),
            label: t('alerts.sampleAt', { at: formatDateTime(s.at, true) }),
            children: (
              <>
                <EventView event={s.event} matched={s.matchedFields} />
                <details>
                  <summary>{t('alerts.rawEvent')}</summary>
                  <pre
                    style={{ fontSize: 12, maxHeight: 320, overflow: 'auto' }}
                    data-testid="alert-raw-event"
                  >
                    {JSON.stringify(s.event, null, 2)}
                  </pre>
                </details>
              </>
            ),
          }))}
        />
      </Card>
      <Card size="small" title={t('alerts.related')}>
        <Table<Alert>
          rowKey="id"
          size="small"
          dataSource={related}
          pagination={false}
          locale={{ emptyText: t('alerts.noRelated') }}
          columns={[
            {
              title: t('notices.titleField'),
              key: 'title',
              render: (_, r) => <Link to={`/events/alerts/${r.id}`}>{r.title}</Link>,
            },
            {
              title: t('alerts.level'),
              key: 'level',
              width: 90,
              render: (_, r) => <LevelTag level={r.level} />,
            },
            {
              title: t('alerts.state'),
              key: 'state',
              width: 100,
              render: (_, r) => <AlertStateTag state={r.state} />,
            },
            { title: t('alerts.count'), dataIndex: 'count', width: 70 },
            {
              title: t('alerts.lastSeen'),
              key: 'last',
              width: 150,
              render: (_, r) => formatDateTime(r.lastSeenAt),
            },
          ]}
        />
      </Card>
      <SuppressionDrawer
        open={draft !== null}
        id={null}
        draft={draft}
        onClose={() => setDraft(null)}
        onSaved={() => setDraft(null)}
      />
    </Flex>
  );
}
