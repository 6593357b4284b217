import { EyeOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Row,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { CaseActionDialog } from './CaseActionDialog.tsx';
import { CaseEvidence } from './CaseEvidence.tsx';
import { type CaseAction, type CaseDetail, DANGER, intakeLabel } from './intake-types.ts';

const COLOUR: Record<string, string> = {
  close: 'green',
  approve_reply: 'green',
  return_reply: 'red',
  leader_return: 'red',
  overdue: 'red',
  supervised: 'red',
  rehandle: 'orange',
  request_extension: 'orange',
};

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value : null;
}

/** One case: facts, masked contact with an audited reveal, the reply, the timeline, and the allowed steps. */
export function CasePage() {
  const { id } = useParams();
  const caseId = Number(id);
  const { t } = useI18n();
  const showError = useShowError();
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const [action, setAction] = useState<CaseAction | null>(null);
  const [contact, setContact] = useState<{ contactName: string | null; contactPhone: string | null } | null>(
    null,
  );

  const load = useCallback(async () => {
    try {
      const { data } = await api.GET('/api/v1/intake/cases/{id}', { params: { path: { id: caseId } } });
      if (data) setDetail(data);
    } catch (err) {
      setMissing(true);
      showError(err);
    }
  }, [caseId, showError]);
  useEffect(() => {
    void load();
  }, [load]);

  const reveal = async () => {
    try {
      const { data } = await api.GET('/api/v1/intake/cases/{id}/contact', {
        params: { path: { id: caseId } },
      });
      if (data) setContact(data);
    } catch (err) {
      showError(err);
    }
  };

  if (missing && !detail) return <Empty description={t('intake.empty')} />;
  if (!detail) return <Skeleton active />;
  const d = detail;
  const due = d.state === 'dispatched' ? d.signDueAt : d.handleDueAt;

  return (
    <Flex vertical gap={16} data-testid="case-page">
      <Flex justify="space-between" align="start" wrap gap={8}>
        <Space direction="vertical" size={4}>
          <Space wrap>
            <Tag>{intakeLabel(t, 'kindValue', d.kind)}</Tag>
            <Tag color="blue" data-testid="case-state">
              {intakeLabel(t, 'stateValue', d.state)}
            </Tag>
            {d.overdue && <Tag color="red">{t('intake.overdue')}</Tag>}
            {d.supervisionLevel >= 2 && (
              <Tag color="red">{t('intake.supervised', { level: d.supervisionLevel })}</Tag>
            )}
            {d.publishedAt && <Tag color="green">{t('intake.published')}</Tag>}
          </Space>
          <Typography.Title level={4} style={{ margin: 0 }}>
            #{d.id} {d.title}
          </Typography.Title>
        </Space>
        <Flex gap={8} wrap data-testid="case-actions">
          {d.abilities.actions.map((a) => (
            <Button
              key={a}
              type={DANGER.has(a) ? 'default' : 'primary'}
              danger={DANGER.has(a)}
              onClick={() => setAction(a)}
              data-testid={`case-action-${a}`}
            >
              {intakeLabel(t, 'actionValue', a)}
            </Button>
          ))}
        </Flex>
      </Flex>
      {d.extensionDueAt && (
        <Alert
          type="warning"
          showIcon
          message={t('intake.extensionPending', { at: formatDateTime(d.extensionDueAt) })}
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Flex vertical gap={16}>
            <Card size="small" title={t('intake.facts')}>
              <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
                <Descriptions.Item label={t('intake.channel')}>
                  {intakeLabel(t, 'channelValue', d.channel)}
                </Descriptions.Item>
                {d.categoryName && (
                  <Descriptions.Item label={t('intake.category')}>
                    <span data-testid="case-category">{d.categoryName}</span>
                  </Descriptions.Item>
                )}
                <Descriptions.Item label={t('intake.region')}>{d.regionName}</Descriptions.Item>
                <Descriptions.Item label={t('intake.unit')}>{d.unitName ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('intake.created')}>
                  {formatDateTime(d.createdAt)}
                </Descriptions.Item>
                <Descriptions.Item
                  label={d.state === 'dispatched' ? t('intake.signDue') : t('intake.handleDue')}
                >
                  {due ? formatDateTime(due) : '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('intake.contact')}>
                  <Space wrap>
                    <span data-testid="case-contact">
                      {[contact?.contactName ?? d.contactName, contact?.contactPhone ?? d.contactPhone]
                        .filter(Boolean)
                        .join(' ') || '—'}
                    </span>
                    {d.abilities.viewContact && !contact && (d.contactName || d.contactPhone) && (
                      <Button
                        size="small"
                        icon={<EyeOutlined />}
                        onClick={reveal}
                        title={t('intake.revealNote')}
                        data-testid="case-reveal"
                      >
                        {t('intake.reveal')}
                      </Button>
                    )}
                  </Space>
                </Descriptions.Item>
                {d.suggestion && (
                  <Descriptions.Item label={t('intake.suggested')}>{d.suggestion.unitName}</Descriptions.Item>
                )}
                {d.rating && (
                  <Descriptions.Item label={t('intake.rating')}>
                    {intakeLabel(t, 'ratingValue', d.rating)}
                  </Descriptions.Item>
                )}
                {d.noticeId && (
                  <Descriptions.Item label={t('intake.notice')}>
                    <Link to={`/notices/${d.noticeId}`}>#{d.noticeId}</Link>
                  </Descriptions.Item>
                )}
                {d.mergedInto && (
                  <Descriptions.Item label={t('intake.related')}>
                    <Link to={`/cases/${d.mergedInto}`}>#{d.mergedInto}</Link>
                  </Descriptions.Item>
                )}
              </Descriptions>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('intake.counts', {
                  dispatch: d.dispatchCount,
                  reassign: d.reassignCount,
                  returns: d.returnCount,
                  rehandle: d.rehandleCount,
                })}
              </Typography.Text>
            </Card>
            <Card size="small" title={t('intake.content')}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{d.content}</Typography.Paragraph>
              {d.urls.length > 0 && (
                <Typography.Paragraph>
                  {t('intake.urls')}：{d.urls.join('  ')}
                </Typography.Paragraph>
              )}
              {d.targetApp && (
                <Typography.Paragraph>
                  {t('intake.targetApp')}：{d.targetApp}
                </Typography.Paragraph>
              )}
            </Card>
            <CaseEvidence caseId={d.id} />
            {(d.replyDraft || d.reply) && (
              <Card size="small" title={d.reply ? t('intake.reply') : t('intake.replyDraft')}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="case-reply">
                  {d.reply ?? d.replyDraft}
                </Typography.Paragraph>
                {d.followUpNote && (
                  <Typography.Paragraph type="secondary">
                    {t('intake.followUp')}：{d.followUpNote}
                  </Typography.Paragraph>
                )}
              </Card>
            )}
            {d.related.length > 0 && (
              <Card size="small" title={t('intake.related')}>
                <Space wrap>
                  {d.related.map((r) => (
                    <Link key={`${r.caseId}-${r.reason}`} to={`/cases/${r.caseId}`}>
                      <Tag>
                        #{r.caseId} · {r.reason} · {r.score}%
                      </Tag>
                    </Link>
                  ))}
                </Space>
              </Card>
            )}
          </Flex>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('intake.timeline')}>
            <Timeline
              data-testid="case-timeline"
              items={d.events.map((e, i) => ({
                key: i,
                color: COLOUR[e.action] ?? 'blue',
                children: (
                  <div data-action={e.action}>
                    <Typography.Text strong>{intakeLabel(t, 'actionValue', e.action)}</Typography.Text>{' '}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDateTime(e.at)} · {e.actorName}
                    </Typography.Text>
                    {text(e.data?.reason) && <div>{text(e.data?.reason)}</div>}
                    {text(e.data?.unitName) && <div>→ {text(e.data?.unitName)}</div>}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      <CaseActionDialog
        detail={d}
        action={action}
        onClose={() => setAction(null)}
        onDone={(next) => {
          setAction(null);
          if (next) setDetail(next);
          else void load();
        }}
      />
    </Flex>
  );
}
