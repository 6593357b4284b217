import {
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  List,
  Popconfirm,
  Result,
  Row,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import type { ApiError } from '../../api/errors.ts';
import { EChart } from '../../charts/EChart.tsx';
import { usePagedList } from '../../components/usePagedList.ts';
import { useShowError } from '../../components/useShowError.tsx';
import type { MessageKey } from '../../i18n/catalogs.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { AlertList } from './AlertList.tsx';
import { AssessModal, LinkModal, RespondModal } from './TopicForms.tsx';
import { TopicsHeader } from './TopicsNav.tsx';
import { Duration, RiskTag, StateTag } from './TopicTags.tsx';
import { volumeOption } from './topic-logic.ts';
import type { TopicDetail, TopicItem } from './topic-types.ts';

function TopicItems({ topicId }: { topicId: number }) {
  const { t } = useI18n();
  const load = useMemo(
    () => async (q: { page?: number; pageSize?: number }) => {
      const { data } = await api.GET('/api/v1/topics/{id}/items', {
        params: { path: { id: topicId }, query: q },
      });
      return data ?? { items: [], total: 0 };
    },
    [topicId],
  );
  const list = usePagedList(load, { page: 1, pageSize: 20 });
  return (
    <Table<TopicItem>
      rowKey="id"
      size="small"
      loading={list.loading}
      dataSource={list.items}
      locale={{ emptyText: t('topics.detail.noItems') }}
      pagination={{
        current: list.query.page,
        pageSize: list.query.pageSize,
        total: list.total,
        onChange: (page, pageSize) => list.setQuery({ page, pageSize }),
      }}
      columns={[
        {
          title: t('topics.col.lastSeen'),
          dataIndex: 'occurredAt',
          width: 150,
          render: (v: string) => formatDateTime(v),
        },
        {
          title: t('topics.detail.sources'),
          key: 'source',
          width: 140,
          render: (_, i) =>
            i.sourceKind === 'intake'
              ? i.intakeCaseId
                ? t('topics.detail.openCase', { id: i.intakeCaseId })
                : t('topics.detail.source.intake')
              : i.sourceLabel,
        },
        {
          title: t('topics.detail.items'),
          key: 'text',
          render: (_, i) => (
            <Space direction="vertical" size={0}>
              <Space size={4}>
                {i.url ? (
                  <a href={i.url} target="_blank" rel="noreferrer noopener">
                    {i.title}
                  </a>
                ) : (
                  <Typography.Text strong>{i.title}</Typography.Text>
                )}
                {i.duplicate && <Tag>{t('topics.detail.duplicate')}</Tag>}
                {i.urgency >= 2 && <Tag color="red">{t('topics.detail.urgent')}</Tag>}
              </Space>
              <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
                {i.text}
              </Typography.Paragraph>
            </Space>
          ),
        },
        {
          title: t('topics.col.regions'),
          dataIndex: 'place',
          width: 160,
          render: (v: string | null) => v ?? '—',
        },
      ]}
    />
  );
}

/** One topic: its curve, items, alerts, the analyst's assessment, linked notices and cases, and responses. */
export function TopicPage() {
  const { t } = useI18n();
  const showError = useShowError();
  const id = Number(useParams().id);
  const [topic, setTopic] = useState<TopicDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const [dialog, setDialog] = useState<'assess' | 'link' | 'respond' | null>(null);

  const load = useCallback(async () => {
    try {
      const { data } = await api.GET('/api/v1/topics/{id}', { params: { path: { id } } });
      setTopic(data ?? null);
    } catch (err) {
      if ((err as ApiError).status === 404) setMissing(true);
      else showError(err);
    }
  }, [id, showError]);
  useEffect(() => {
    void load();
  }, [load]);

  const curve = useMemo(
    () =>
      topic
        ? volumeOption(
            [
              { name: t('topics.col.items'), points: topic.volumes },
              {
                name: t('topics.detail.urgent'),
                points: topic.volumes.map((v) => ({ at: v.at, count: v.urgent })),
              },
            ],
            topic.bucketSeconds,
            (iso) => formatDateTime(iso).slice(5, 16),
          )
        : null,
    [topic, t],
  );

  if (missing) return <Result status="404" title="404" />;
  if (!topic) return <Spin />;

  const saved = (d: TopicDetail) => {
    setTopic(d);
    setDialog(null);
  };
  const unlink = async (linkId: number) => {
    try {
      const { data } = await api.DELETE('/api/v1/topics/{id}/links/{linkId}', {
        params: { path: { id, linkId } },
      });
      if (data) setTopic(data);
    } catch (err) {
      showError(err);
    }
  };
  const latest = topic.assessments[0];
  const events = [
    { at: topic.firstSeenAt, text: t('topics.detail.firstSeen'), color: 'gray' },
    ...topic.alerts.map((a) => ({
      at: a.firedAt,
      text: `${t(`topics.alert.kind.${a.kind}`)}：${a.title}`,
      color: 'red',
    })),
    ...topic.assessments.map((a) => ({
      at: a.createdAt,
      text: `${t('topics.detail.assessment')} ${a.riskLevel}：${a.summary}`,
      color: 'orange',
    })),
    ...topic.links.map((l) => ({
      at: l.createdAt,
      text: `${t(`topics.link.kind.${l.kind}`)} #${l.targetId} ${l.title ?? ''}`,
      color: 'blue',
    })),
    ...topic.responses.map((r) => ({
      at: r.respondedAt,
      text: `${t(`topics.respond.kind.${r.kind}`)}（${r.channel}）：${r.summary}`,
      color: 'green',
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="topic-page">
      <TopicsHeader />
      <Card size="small">
        <Flex justify="space-between" wrap gap={8}>
          <Space direction="vertical" size={4}>
            <Typography.Title level={5} style={{ margin: 0 }} data-testid="topic-title">
              {topic.title}
            </Typography.Title>
            <Space wrap size={4}>
              <StateTag state={topic.state} />
              <RiskTag level={topic.riskLevel} />
              {topic.keywords.map((k) => (
                <Tag key={k}>{k}</Tag>
              ))}
            </Space>
          </Space>
          <Space wrap>
            {topic.abilities.assess && (
              <Button type="primary" data-testid="topic-assess" onClick={() => setDialog('assess')}>
                {t('topics.assess.action')}
              </Button>
            )}
            {topic.abilities.link && (
              <Button data-testid="topic-link" onClick={() => setDialog('link')}>
                {t('topics.link.action')}
              </Button>
            )}
            {topic.abilities.respond && (
              <Button data-testid="topic-respond" onClick={() => setDialog('respond')}>
                {t('topics.respond.action')}
              </Button>
            )}
          </Space>
        </Flex>
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }} style={{ marginTop: 12 }}>
          <Descriptions.Item label={t('topics.col.items')}>{topic.itemCount}</Descriptions.Item>
          <Descriptions.Item label={t('topics.col.peak')}>{topic.peakCount}</Descriptions.Item>
          <Descriptions.Item label={t('topics.detail.firstSeen')}>
            {formatDateTime(topic.firstSeenAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('topics.detail.lastSeen')}>
            {formatDateTime(topic.lastSeenAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('topics.detail.firstAlert')}>
            {topic.firstAlertAt ? formatDateTime(topic.firstAlertAt) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('topics.detail.ttfr')}>
            <span data-testid="topic-ttfr">
              <Duration minutes={topic.timeToFirstResponseMinutes} />
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('topics.col.regions')}>
            {topic.regions.map((r) => `${r.name} ${r.count}`).join('、') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('topics.detail.sources')}>
            {topic.sources
              .map((s) => `${s.kind === 'intake' ? t('topics.detail.source.intake') : s.label} ${s.count}`)
              .join('、')}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t('topics.detail.curve')}>
        {curve && <EChart option={curve} height={260} testId="topic-curve" />}
      </Card>
      <Tabs
        items={[
          {
            key: 'work',
            label: t('topics.detail.assessment'),
            children: (
              <Row gutter={[16, 16]}>
                <Col xs={24} lg={12}>
                  <Card size="small" title={t('topics.detail.assessment')} data-testid="topic-assessment">
                    {latest ? (
                      <Space direction="vertical">
                        <RiskTag level={latest.riskLevel} />
                        <Typography.Paragraph style={{ margin: 0 }}>{latest.summary}</Typography.Paragraph>
                        <Typography.Paragraph style={{ margin: 0 }}>
                          <Typography.Text strong>{t('topics.assess.recommended')}：</Typography.Text>
                          {latest.recommendedAction}
                        </Typography.Paragraph>
                        <Typography.Text type="secondary">
                          {t('topics.assess.by', {
                            name: latest.assessedByName,
                            at: formatDateTime(latest.createdAt),
                          })}
                        </Typography.Text>
                      </Space>
                    ) : (
                      <Empty
                        description={t('topics.detail.noAssessment')}
                        image={Empty.PRESENTED_IMAGE_SIMPLE}
                      />
                    )}
                  </Card>
                  <Card size="small" title={t('topics.detail.links')} style={{ marginTop: 16 }}>
                    <List
                      size="small"
                      dataSource={topic.links}
                      locale={{ emptyText: t('topics.detail.noLinks') }}
                      renderItem={(l) => (
                        <List.Item
                          data-testid={`topic-link-${l.kind}-${l.targetId}`}
                          actions={
                            topic.abilities.link
                              ? [
                                  <Popconfirm
                                    key="rm"
                                    title={t('topics.link.remove')}
                                    onConfirm={() => void unlink(l.id)}
                                  >
                                    <Button size="small" type="link">
                                      {t('topics.link.remove')}
                                    </Button>
                                  </Popconfirm>,
                                ]
                              : []
                          }
                        >
                          <Space>
                            <Tag>{t(`topics.link.kind.${l.kind}`)}</Tag>
                            {l.kind === 'notice' ? (
                              <Link to={`/notices/${l.targetId}`}>
                                #{l.targetId} {l.title ?? ''}
                              </Link>
                            ) : (
                              <span>
                                #{l.targetId} {l.title ?? ''}
                              </span>
                            )}
                            {l.state && (
                              <Typography.Text type="secondary">
                                {l.kind === 'notice'
                                  ? t(`enum.noticeState.${l.state}` as MessageKey)
                                  : l.state}
                              </Typography.Text>
                            )}
                          </Space>
                        </List.Item>
                      )}
                    />
                  </Card>
                  <Card size="small" title={t('topics.detail.responses')} style={{ marginTop: 16 }}>
                    <List
                      size="small"
                      dataSource={topic.responses}
                      locale={{ emptyText: t('topics.detail.noResponses') }}
                      renderItem={(r) => (
                        <List.Item data-testid="topic-response">
                          <Space direction="vertical" size={0}>
                            <Space>
                              <Tag color="green">{t(`topics.respond.kind.${r.kind}`)}</Tag>
                              <Typography.Text>{r.channel}</Typography.Text>
                              <Typography.Text type="secondary">
                                {formatDateTime(r.respondedAt)}
                              </Typography.Text>
                            </Space>
                            <Typography.Text>{r.summary}</Typography.Text>
                          </Space>
                        </List.Item>
                      )}
                    />
                  </Card>
                </Col>
                <Col xs={24} lg={12}>
                  <Card size="small" title={t('topics.detail.timeline')}>
                    <Timeline
                      items={events.map((e) => ({
                        color: e.color,
                        children: (
                          <Space direction="vertical" size={0}>
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {formatDateTime(e.at)}
                            </Typography.Text>
                            <Typography.Text>{e.text}</Typography.Text>
                          </Space>
                        ),
                      }))}
                    />
                  </Card>
                </Col>
              </Row>
            ),
          },
          { key: 'items', label: t('topics.detail.items'), children: <TopicItems topicId={topic.id} /> },
          {
            key: 'alerts',
            label: t('topics.detail.alerts'),
            children: <AlertList alerts={topic.alerts} onChanged={() => void load()} withTopicLink={false} />,
          },
        ]}
      />
      <AssessModal
        topicId={topic.id}
        open={dialog === 'assess'}
        onClose={() => setDialog(null)}
        onSaved={saved}
      />
      <LinkModal
        topicId={topic.id}
        open={dialog === 'link'}
        onClose={() => setDialog(null)}
        onSaved={saved}
      />
      <RespondModal
        topicId={topic.id}
        open={dialog === 'respond'}
        onClose={() => setDialog(null)}
        onSaved={saved}
      />
    </Space>
  );
}
