import {
  Button,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api, downloadFile } from '../../api/client.ts';
import { FormDrawer } from '../../components/FormDrawer.tsx';
import { compactQuery } from '../../components/table-query.ts';
import { usePagedList } from '../../components/usePagedList.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useRegions } from '../org/useRegions.ts';
import { TopicsHeader } from './TopicsNav.tsx';
import type { RiskAssessment, RiskChecklist, RiskInput, RiskQuery } from './topic-types.ts';

const FIRST: RiskQuery = { page: 1, pageSize: 20 };
const OVERALL_COLORS = { low: 'green', medium: 'orange', high: 'red' } as const;
type Result = 'low' | 'medium' | 'high' | 'na';

interface Values {
  title: string;
  decisionRef?: string;
  decisionDate?: Dayjs | null;
  regionId: number;
  overallRisk: 'low' | 'medium' | 'high';
  conclusion: string;
  measures?: string;
  topicId?: number | null;
  checks: Record<string, { result: Result; note?: string }>;
}

async function loadRisks(query: RiskQuery) {
  const { data } = await api.GET('/api/v1/topic-risk-assessments', {
    params: { query: compactQuery(query) },
  });
  return data ?? { items: [], total: 0 };
}

/** 重大事项舆情风险评估: checklist-based records linked to the decision, stored and exported as XLSX. */
export function RiskAssessmentsPage() {
  const { t, locale } = useI18n();
  const showError = useShowError();
  const regions = useRegions();
  const list = usePagedList(loadRisks, FIRST);
  const [checklist, setChecklist] = useState<RiskChecklist>([]);
  const [editing, setEditing] = useState<RiskAssessment | 'new' | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();

  useEffect(() => {
    api
      .GET('/api/v1/topic-risk-assessments/checklist')
      .then(({ data }) => setChecklist(data ?? []))
      .catch(showError);
  }, [showError]);

  const open = (r: RiskAssessment | 'new') => {
    setEditing(r);
    const checks = Object.fromEntries(
      checklist.map((c) => {
        const found = r === 'new' ? undefined : r.checklist.find((x) => x.key === c.key);
        return [c.key, { result: found?.result ?? 'low', note: found?.note ?? '' }];
      }),
    );
    form.setFieldsValue(
      r === 'new'
        ? {
            title: '',
            regionId: regions.regions[0]?.id,
            overallRisk: 'low',
            conclusion: '',
            measures: '',
            checks,
            decisionDate: null,
          }
        : {
            title: r.title,
            decisionRef: r.decisionRef ?? '',
            decisionDate: r.decisionDate ? dayjs(r.decisionDate) : null,
            regionId: r.regionId,
            overallRisk: r.overallRisk,
            conclusion: r.conclusion,
            measures: r.measures,
            topicId: r.topicId,
            checks,
          },
    );
  };
  const save = async (v: Values) => {
    const body: RiskInput = {
      title: v.title,
      decisionRef: v.decisionRef?.trim() || null,
      decisionDate: v.decisionDate ? v.decisionDate.format('YYYY-MM-DD') : null,
      regionId: v.regionId,
      overallRisk: v.overallRisk,
      conclusion: v.conclusion,
      measures: v.measures ?? '',
      topicId: v.topicId ?? null,
      checklist: checklist.map((c) => ({
        key: c.key,
        result: v.checks[c.key]?.result ?? 'low',
        note: v.checks[c.key]?.note ?? '',
      })),
    };
    setBusy(true);
    try {
      if (editing === 'new') await api.POST('/api/v1/topic-risk-assessments', { body });
      else if (editing)
        await api.PUT('/api/v1/topic-risk-assessments/{id}', { params: { path: { id: editing.id } }, body });
      setEditing(null);
      list.reload();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  const remove = async (r: RiskAssessment) => {
    try {
      await api.DELETE('/api/v1/topic-risk-assessments/{id}', { params: { path: { id: r.id } } });
      list.reload();
    } catch (err) {
      showError(err);
    }
  };

  const columns: TableColumnsType<RiskAssessment> = [
    { title: t('topics.riskRec.title'), dataIndex: 'title', key: 'title' },
    {
      title: t('topics.riskRec.decisionRef'),
      dataIndex: 'decisionRef',
      key: 'ref',
      width: 180,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('topics.riskRec.overall'),
      key: 'overall',
      width: 110,
      render: (_, r) => (
        <Tag color={OVERALL_COLORS[r.overallRisk]}>{t(`topics.riskRec.overall.${r.overallRisk}`)}</Tag>
      ),
    },
    { title: t('topics.riskRec.createdBy'), dataIndex: 'createdByName', key: 'by', width: 120 },
    {
      title: t('topics.col.lastSeen'),
      dataIndex: 'updatedAt',
      key: 'at',
      width: 150,
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 200,
      render: (_, r) => (
        <Space size={0}>
          <Button
            type="link"
            size="small"
            onClick={() =>
              void downloadFile(
                `/api/v1/topic-risk-assessments/${r.id}/export.xlsx`,
                `risk-${r.id}.xlsx`,
              ).catch(showError)
            }
          >
            {t('common.export')}
          </Button>
          {r.abilities.edit && (
            <Button type="link" size="small" onClick={() => open(r)}>
              {t('common.edit')}
            </Button>
          )}
          {r.abilities.delete && (
            <Popconfirm
              title={t('topics.riskRec.deleteConfirm', { title: r.title })}
              onConfirm={() => void remove(r)}
            >
              <Button type="link" size="small" danger>
                {t('common.delete')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <TopicsHeader />
      <Flex gap={8} wrap justify="space-between">
        <Flex gap={8} wrap>
          <Input.Search
            allowClear
            placeholder={t('topics.riskRec.search')}
            style={{ width: 240 }}
            onSearch={(q) => list.setQuery({ q: q.trim() || undefined })}
          />
          <Select
            allowClear
            placeholder={t('topics.riskRec.overall')}
            style={{ width: 140 }}
            onChange={(v?: 'low' | 'medium' | 'high') => list.setQuery({ overallRisk: v })}
            options={(['low', 'medium', 'high'] as const).map((o) => ({
              value: o,
              label: t(`topics.riskRec.overall.${o}`),
            }))}
          />
        </Flex>
        <Button
          type="primary"
          onClick={() => open('new')}
          disabled={checklist.length === 0}
          data-testid="risk-add"
        >
          {t('topics.riskRec.add')}
        </Button>
      </Flex>
      <Table<RiskAssessment>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.items}
        columns={columns}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('topics.riskRec.empty') }}
        pagination={{
          current: list.query.page,
          pageSize: list.query.pageSize,
          total: list.total,
          onChange: (page, pageSize) => list.setQuery({ page, pageSize }),
        }}
      />
      <FormDrawer
        open={editing !== null}
        title={editing === 'new' ? t('topics.riskRec.add') : t('topics.riskRec.edit')}
        busy={busy}
        onClose={() => setEditing(null)}
        onSave={() => form.submit()}
        saveTestId="risk-save"
        width={720}
      >
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
          <Form.Item name="title" label={t('topics.riskRec.title')} rules={[{ required: true, max: 200 }]}>
            <Input data-testid="risk-title" />
          </Form.Item>
          <Flex gap={12} wrap>
            <Form.Item
              name="decisionRef"
              label={t('topics.riskRec.decisionRef')}
              style={{ flex: 1, minWidth: 200 }}
            >
              <Input />
            </Form.Item>
            <Form.Item name="decisionDate" label={t('topics.riskRec.decisionDate')}>
              <DatePicker />
            </Form.Item>
          </Flex>
          <Flex gap={12} wrap>
            <Form.Item
              name="regionId"
              label={t('topics.riskRec.region')}
              rules={[{ required: true }]}
              style={{ flex: 1, minWidth: 200 }}
            >
              <TreeSelect treeData={regions.treeData} treeDefaultExpandAll />
            </Form.Item>
            <Form.Item name="topicId" label={t('topics.riskRec.topic')}>
              <InputNumber min={1} />
            </Form.Item>
          </Flex>
          <Typography.Title level={5}>{t('topics.riskRec.checklist')}</Typography.Title>
          {checklist.map((c, i) => (
            <div key={c.key} style={{ marginBottom: 12 }}>
              <Typography.Text>
                {i + 1}. {locale === 'en-US' ? c.en : c.zh}
              </Typography.Text>
              <Flex gap={8} wrap align="center">
                <Form.Item name={['checks', c.key, 'result']} noStyle>
                  <Radio.Group
                    size="small"
                    optionType="button"
                    options={(['low', 'medium', 'high', 'na'] as const).map((r) => ({
                      value: r,
                      label: t(`topics.riskRec.result.${r}`),
                    }))}
                  />
                </Form.Item>
                <Form.Item name={['checks', c.key, 'note']} noStyle>
                  <Input
                    size="small"
                    placeholder={t('topics.riskRec.note')}
                    style={{ flex: 1, minWidth: 200 }}
                  />
                </Form.Item>
              </Flex>
            </div>
          ))}
          <Form.Item name="overallRisk" label={t('topics.riskRec.overall')} rules={[{ required: true }]}>
            <Radio.Group
              options={(['low', 'medium', 'high'] as const).map((o) => ({
                value: o,
                label: t(`topics.riskRec.overall.${o}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="conclusion" label={t('topics.riskRec.conclusion')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} data-testid="risk-conclusion" />
          </Form.Item>
          <Form.Item name="measures" label={t('topics.riskRec.measures')}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </FormDrawer>
    </Space>
  );
}
