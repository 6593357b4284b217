import { UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Row,
  Segmented,
  Skeleton,
  Space,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../api/client.ts';
import type { ResponseOf } from '../../api/types.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { type GridDay, type MonthGrid, monthGrids, parseCalendarFile } from './calendar-grid.ts';

type CalendarYear = ResponseOf<'/api/v1/calendar/years', 'get'>[number];
type CalendarYearDetail = ResponseOf<'/api/v1/calendar/{year}', 'get'>;

const DAY_STYLE: Record<GridDay['kind'], { background: string; color: string }> = {
  workday: { background: '#fff', color: 'rgba(0,0,0,0.88)' },
  weekend: { background: '#f5f5f5', color: 'rgba(0,0,0,0.45)' },
  holiday: { background: '#fff1f0', color: '#cf1322' },
  makeup: { background: '#e6f4ff', color: '#0958d9' },
};

function Month({ grid }: { grid: MonthGrid }) {
  const { t, label } = useI18n();
  const weekdays = t('calendar.weekdays').split(',');
  return (
    <Card
      size="small"
      title={t('calendar.monthTitle', { month: grid.month })}
      data-testid={`calendar-month-${grid.month}`}
    >
      <table style={{ width: '100%', borderCollapse: 'collapse', tableLayout: 'fixed', textAlign: 'center' }}>
        <thead>
          <tr>
            {weekdays.map((w) => (
              <th key={w} style={{ fontWeight: 400, fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
                {w}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.weeks.map((week) => (
            <tr key={week.find((d) => d)?.date}>
              {week.map((day, i) => {
                // biome-ignore lint/suspicious/noArrayIndexKey: blank cells are positional and never reorder.
                if (!day) return <td key={`pad-${i}`} />;
                const style = DAY_STYLE[day.kind];
                const cell = (
                  <div
                    data-kind={day.kind}
                    style={{
                      ...style,
                      borderRadius: 4,
                      margin: 1,
                      padding: '2px 0',
                      fontSize: 12,
                      fontWeight: day.kind === 'holiday' || day.kind === 'makeup' ? 600 : 400,
                    }}
                  >
                    {Number(day.date.slice(8))}
                  </div>
                );
                return (
                  <td key={day.date}>
                    {day.name ? (
                      <Tooltip title={`${day.date} ${day.name} · ${label('dayKind', day.kind)}`}>
                        {cell}
                      </Tooltip>
                    ) : (
                      cell
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('calendar.workingDays', { count: grid.workingDays })}
      </Typography.Text>
    </Card>
  );
}

/** The working calendar: years known, one year as twelve month grids, and importing a year from JSON. */
export function CalendarSettings() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [years, setYears] = useState<CalendarYear[]>([]);
  const [year, setYear] = useState<number | null>(null);
  const [detail, setDetail] = useState<CalendarYearDetail | null>(null);
  // The year asked for last: an answer for an earlier choice is dropped.
  const wanted = useRef<number | null>(null);

  const loadYears = useCallback(async () => {
    try {
      const { data } = await api.GET('/api/v1/calendar/years');
      const list = data ?? [];
      setYears(list);
      const thisYear = new Date().getFullYear();
      setYear((y) => y ?? list.find((x) => x.year === thisYear)?.year ?? list[0]?.year ?? null);
    } catch (err) {
      showError(err);
    }
  }, [showError]);

  useEffect(() => {
    void loadYears();
  }, [loadYears]);

  const loadDetail = useCallback(
    async (y: number) => {
      wanted.current = y;
      try {
        const { data } = await api.GET('/api/v1/calendar/{year}', { params: { path: { year: y } } });
        if (wanted.current === y) setDetail(data ?? null);
      } catch (err) {
        showError(err);
      }
    },
    [showError],
  );

  useEffect(() => {
    if (year === null) return;
    setDetail(null);
    void loadDetail(year);
  }, [year, loadDetail]);

  const grids = useMemo(() => monthGrids(detail?.days ?? []), [detail]);

  const importFile = async (file: File) => {
    if (year === null) return;
    const body = parseCalendarFile(await file.text());
    if (!body) {
      message.error(t('calendar.importBad'));
      return;
    }
    try {
      await api.PUT('/api/v1/calendar/{year}', { params: { path: { year } }, body: { ...body, year } });
      message.success(t('calendar.imported', { year }));
      // The year's status and days changed: reload both the list and the grid.
      await loadYears();
      await loadDetail(year);
    } catch (err) {
      showError(err);
    }
  };

  if (years.length === 0) return <Skeleton active />;
  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={8} align="center">
        <Segmented<number>
          value={year ?? undefined}
          onChange={setYear}
          options={years.map((y) => ({
            value: y.year,
            label: (
              <span data-testid={`calendar-year-${y.year}`}>
                {y.year} {y.status === 'provisional' && <Tag color="orange">{t('notices.provisional')}</Tag>}
              </span>
            ),
          }))}
        />
        {detail?.abilities.update && (
          <Upload
            accept="application/json,.json"
            showUploadList={false}
            beforeUpload={(file) => {
              void importFile(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} data-testid="calendar-import">
              {t('calendar.importYear', { year: year ?? '' })}
            </Button>
          </Upload>
        )}
      </Flex>
      {detail ? (
        <>
          {detail.status === 'provisional' ? (
            <Alert type="warning" showIcon title={t('calendar.provisionalAlert', { year: detail.year })} />
          ) : (
            <Typography.Text type="secondary" data-testid="calendar-summary">
              <Space wrap split="·">
                <span>{t('calendar.official')}</span>
                <span>{label('calendarOrigin', detail.origin)}</span>
                {detail.version && <span>{t('calendar.version', { version: detail.version })}</span>}
                {detail.source && <span>{detail.source}</span>}
                <span>{t('calendar.holidays', { count: detail.holidays })}</span>
                <span>{t('calendar.makeUp', { count: detail.makeUpWorkdays })}</span>
                {detail.importedAt && (
                  <span>
                    {formatDateTime(detail.importedAt)} {detail.importedBy}
                  </span>
                )}
              </Space>
            </Typography.Text>
          )}
          <Space wrap>
            <Tag color="red">{t('calendar.legendHoliday')}</Tag>
            <Tag color="blue">{t('calendar.legendMakeup')}</Tag>
            <Tag>{t('calendar.legendWeekend')}</Tag>
          </Space>
          {grids.length === 0 ? (
            <Empty />
          ) : (
            <Row gutter={[12, 12]}>
              {grids.map((g) => (
                <Col key={g.month} xs={24} sm={12} lg={8} xl={6}>
                  <Month grid={g} />
                </Col>
              ))}
            </Row>
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('calendar.importHint')}
          </Typography.Text>
        </>
      ) : (
        <Skeleton active />
      )}
    </Flex>
  );
}
