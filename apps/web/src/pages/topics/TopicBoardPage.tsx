import { Card, Col, Empty, List, Row, Segmented, Space, Spin, Statistic, Table, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { EChart } from '../../charts/EChart.tsx';
import { useShowError } from '../../components/useShowError.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { AlertList } from './AlertList.tsx';
import { TopicsHeader } from './TopicsNav.tsx';
import { Duration, RiskTag, StateTag } from './TopicTags.tsx';
import { bucketLabel, durationParts, regionTreeOption, termsOption, volumeOption } from './topic-logic.ts';
import type { TopicAlert, TopicBoard, TopicSummary } from './topic-types.ts';

/** The topic board: what is rising now, how loud, where, from which sources, and how fast the office answered. */
export function TopicBoardPage() {
  const { t } = useI18n();
  const showError = useShowError();
  const [days, setDays] = useState(7);
  const [board, setBoard] = useState<TopicBoard | null>(null);
  const [alerts, setAlerts] = useState<TopicAlert[]>([]);
  const [loading, setLoading] = useState(true);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const [b, a] = await Promise.all([
        api.GET('/api/v1/topics/board', { params: { query: { days } } }),
        api.GET('/api/v1/topic-alerts', { params: { query: { pageSize: 10 } } }),
      ]);
      setBoard(b.data ?? null);
      setAlerts(a.data?.items ?? []);
    } catch (err) {
      showError(err);
    } finally {
      setLoading(false);
    }
  }, [days, showError]);

  useEffect(() => {
    void load();
    // The board follows the pipeline, which runs every 15 seconds.
    const timer = setInterval(() => void load(), 30_000);
    return () => clearInterval(timer);
  }, [load]);

  const curves = useMemo(
    () =>
      board
        ? volumeOption(
            board.series.map((s) => ({ name: s.title.slice(0, 16), points: s.points })),
            board.bucketSeconds,
            (iso) => formatDateTime(iso).slice(5, 16),
          )
        : null,
    [board],
  );
  const regions = useMemo(() => (board ? regionTreeOption(board.regions) : null), [board]);
  const terms = useMemo(() => (board ? termsOption(board.terms) : null), [board]);

  const columns = [
    {
      title: t('topics.col.title'),
      key: 'title',
      render: (_: unknown, r: TopicSummary) => (
        <Link to={`/topics/${r.id}`} data-testid={`board-topic-${r.id}`}>
          {r.title}
        </Link>
      ),
    },
    {
      title: t('topics.col.state'),
      key: 'state',
      width: 80,
      render: (_: unknown, r: TopicSummary) => <StateTag state={r.state} />,
    },
    {
      title: t('topics.col.items'),
      dataIndex: 'itemCount',
      key: 'items',
      width: 70,
      align: 'right' as const,
    },
    {
      title: t('topics.col.risk'),
      key: 'risk',
      width: 130,
      render: (_: unknown, r: TopicSummary) => <RiskTag level={r.riskLevel} />,
    },
    {
      title: t('topics.col.response'),
      key: 'response',
      width: 100,
      render: (_: unknown, r: TopicSummary) => <Duration minutes={r.timeToFirstResponseMinutes} />,
    },
  ];

  const median = board?.medianResponseMinutes;
  const medianText =
    median === null || median === undefined
      ? '—'
      : t(durationParts(median).key, { n: durationParts(median).n });

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="topic-board">
      <TopicsHeader />
      <Space wrap>
        <Segmented
          value={days}
          onChange={(v) => setDays(Number(v))}
          options={[1, 7, 30].map((d) => ({ value: d, label: t('topics.board.days', { days: d }) }))}
        />
        {board && (
          <Typography.Text type="secondary">
            {t('topics.board.bucket', { bucket: bucketLabel(board.bucketSeconds) })}
          </Typography.Text>
        )}
      </Space>
      {loading && !board ? (
        <Spin />
      ) : !board ? null : (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={4}>
              <Card size="small">
                <Statistic
                  title={t('topics.board.rising')}
                  value={board.counts.rising}
                  valueStyle={{ color: '#cf1322' }}
                  data-testid="board-count-rising"
                />
              </Card>
            </Col>
            <Col xs={12} md={4}>
              <Card size="small">
                <Statistic title={t('topics.board.active')} value={board.counts.active} />
              </Card>
            </Col>
            <Col xs={12} md={4}>
              <Card size="small">
                <Statistic title={t('topics.board.cooling')} value={board.counts.cooling} />
              </Card>
            </Col>
            <Col xs={12} md={4}>
              <Card size="small">
                <Statistic
                  title={t('topics.board.openAlerts')}
                  value={board.counts.openAlerts}
                  data-testid="board-open-alerts"
                />
              </Card>
            </Col>
            <Col xs={24} md={8}>
              <Card size="small">
                <Statistic title={t('topics.board.medianResponse')} value={medianText} />
                <Typography.Text type="secondary">
                  {t('topics.board.responded', {
                    responded: board.respondedTopics,
                    alerted: board.alertedTopics,
                  })}
                </Typography.Text>
              </Card>
            </Col>
          </Row>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={14}>
              <Card size="small" title={t('topics.board.risingTopics')}>
                <Table<TopicSummary>
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={board.rising}
                  columns={columns}
                  locale={{ emptyText: <Empty description={t('topics.board.noTopics', { days })} /> }}
                  scroll={{ x: 520 }}
                />
              </Card>
            </Col>
            <Col xs={24} lg={10}>
              <Card size="small" title={t('topics.board.alerts')}>
                <AlertList alerts={alerts} onChanged={() => void load()} />
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t('topics.board.curves')}>
            {board.series.length > 0 && curves ? (
              <EChart option={curves} height={300} testId="board-curves" />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={8}>
              <Card size="small" title={t('topics.board.terms')}>
                {board.terms.length > 0 && terms ? (
                  <EChart option={terms} height={320} testId="board-terms" />
                ) : (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
                )}
              </Card>
            </Col>
            <Col xs={24} lg={10}>
              <Card size="small" title={t('topics.board.regions')}>
                {regions ? <EChart option={regions} height={320} testId="board-regions" /> : null}
              </Card>
            </Col>
            <Col xs={24} lg={6}>
              <Card size="small" title={t('topics.board.sources')}>
                <List
                  size="small"
                  dataSource={board.sources}
                  locale={{ emptyText: '—' }}
                  renderItem={(s) => (
                    <List.Item extra={s.count}>
                      {s.kind === 'intake' ? t('topics.detail.source.intake') : s.label}
                    </List.Item>
                  )}
                />
              </Card>
            </Col>
          </Row>
        </>
      )}
    </Space>
  );
}
