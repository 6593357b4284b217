import { DownloadOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Row,
  Segmented,
  Skeleton,
  Statistic,
  Table,
  type TableColumnsType,
  Tooltip,
  Typography,
} from 'antd';
import { lazy, Suspense, useEffect, useState } from 'react';
import { api, downloadFile } from '../../api/client.ts';
import { queryString } from '../../api/http-utils.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { recentShanghaiDays } from '../notices/notice-logic.ts';
import { type IntakeDashboard, percent } from './intake-types.ts';

const IntakeDashboardCharts = lazy(() =>
  import('./dashboard-charts.tsx').then((m) => ({ default: m.IntakeDashboardCharts })),
);
const PERIODS = [30, 90, 365] as const;
type UnitKpi = IntakeDashboard['kpisByUnit'][number];

/** The 清零 view: the backlog by unit and age now, the period KPIs per unit, and the XLSX export. */
export function IntakeDashboardPage() {
  const { t } = useI18n();
  const showError = useShowError();
  const [days, setDays] = useState<(typeof PERIODS)[number]>(30);
  const [data, setData] = useState<IntakeDashboard | null>(null);
  const period = recentShanghaiDays(new Date(), days);

  useEffect(() => {
    let current = true;
    setData(null);
    api
      .GET('/api/v1/intake/dashboard', {
        params: { query: { ...recentShanghaiDays(new Date(), days), top: 30 } },
      })
      .then(({ data: d }) => {
        if (current) setData(d ?? null);
      })
      .catch(showError);
    return () => {
      current = false;
    };
  }, [days, showError]);

  const exportXlsx = async () => {
    try {
      await downloadFile(
        `/api/v1/intake/dashboard/export.xlsx${queryString(period)}`,
        'intake-dashboard.xlsx',
      );
    } catch (err) {
      showError(err);
    }
  };

  const k = data?.kpis;
  const figures = [
    { key: 'backlog', title: t('intake.dash.backlog'), value: data?.backlog.total ?? 0, color: '#1668dc' },
    { key: 'overdue', title: t('intake.dash.overdue'), value: data?.backlog.overdue ?? 0, color: '#cf1322' },
    {
      key: 'supervised',
      title: t('intake.dash.supervised'),
      value: data?.backlog.supervised ?? 0,
      color: '#d4380d',
    },
    { key: 'units', title: t('intake.dash.units'), value: data?.backlog.units ?? 0 },
    { key: 'signing', title: t('intake.dash.onTimeSigning'), value: percent(k?.onTimeSigningRate ?? null) },
    {
      key: 'completion',
      title: (
        <span>
          {t('intake.dash.onTimeCompletion')}{' '}
          <Tooltip title={t('intake.dash.completionHelp')}>
            <QuestionCircleOutlined />
          </Tooltip>
        </span>
      ),
      value: percent(k?.onTimeCompletionRate ?? null),
    },
    {
      key: 'followup',
      title: (
        <span>
          {t('intake.dash.followUp')}{' '}
          <Tooltip
            title={t('intake.dash.followUpHelp', {
              count: k?.completedAnonymous ?? 0,
              done: k?.followedUpAnonymous ?? 0,
            })}
          >
            <QuestionCircleOutlined />
          </Tooltip>
        </span>
      ),
      value: percent(k?.followUpRate ?? null),
    },
    {
      key: 'satisfaction',
      title: t('intake.dash.satisfaction'),
      value: percent(k?.satisfactionRate ?? null),
    },
  ];

  const columns: TableColumnsType<UnitKpi> = [
    { title: t('intake.unit'), dataIndex: 'unitName', fixed: 'left', width: 200 },
    { title: t('intake.dash.dispatched'), dataIndex: 'dispatched', width: 90 },
    { title: t('intake.dash.onTimeSigning'), dataIndex: 'onTimeSigningRate', width: 110, render: percent },
    { title: t('intake.dash.completed'), dataIndex: 'completed', width: 90 },
    {
      title: t('intake.dash.onTimeCompletion'),
      dataIndex: 'onTimeCompletionRate',
      width: 110,
      render: percent,
    },
    { title: t('intake.dash.followUp'), dataIndex: 'followUpRate', width: 100, render: percent },
    { title: t('intake.dash.satisfaction'), dataIndex: 'satisfactionRate', width: 100, render: percent },
    { title: t('intake.dash.reassign'), dataIndex: 'reassignRate', width: 100, render: percent },
    { title: t('intake.dash.return'), dataIndex: 'returnRate', width: 100, render: percent },
  ];

  return (
    <Flex vertical gap={16} data-testid="intake-dashboard">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('intake.dash.title')}
        </Typography.Title>
        <Flex gap={8} wrap>
          <Segmented
            value={days}
            onChange={setDays}
            options={PERIODS.map((d) => ({ value: d, label: t('noticeDash.days', { days: d }) }))}
            data-testid="intake-dashboard-period"
          />
          <Button icon={<DownloadOutlined />} onClick={exportXlsx} data-testid="intake-dashboard-export">
            {t('intake.dash.export')}
          </Button>
        </Flex>
      </Flex>
      <Row gutter={[16, 16]}>
        {figures.map((f) => (
          <Col xs={12} md={6} key={f.key}>
            <Card size="small" data-testid={`intake-stat-${f.key}`}>
              <Statistic
                title={f.title}
                value={f.value}
                loading={!data}
                styles={{ content: { color: f.color } }}
              />
            </Card>
          </Col>
        ))}
      </Row>
      {!data ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : data.backlog.total === 0 && data.kpisByUnit.length === 0 ? (
        <Card size="small">
          <Empty description={t('intake.dash.noData')} />
        </Card>
      ) : (
        <>
          <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
            <IntakeDashboardCharts data={data} />
          </Suspense>
          <Card size="small" title={`${t('intake.dash.kpis')} · ${data.from} – ${data.to}`}>
            <Table<UnitKpi>
              rowKey="unitId"
              size="small"
              columns={columns}
              dataSource={data.kpisByUnit}
              pagination={{ pageSize: 10 }}
              scroll={{ x: 1000 }}
              data-testid="intake-kpi-table"
            />
          </Card>
        </>
      )}
    </Flex>
  );
}
