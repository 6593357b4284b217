import {
  DeleteOutlined,
  ExperimentOutlined,
  PlusOutlined,
  SettingOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Flex,
  Input,
  List,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import { useCallback, useState } from 'react';
import { api, uploadFile } from '../../api/client.ts';
import { compactQuery } from '../../components/table-query.ts';
import { usePagedList } from '../../components/usePagedList.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { LevelTag } from './AlertTags.tsx';
import { DetectionSettingsDrawer } from './DetectionSettingsDrawer.tsx';
import { EventsNav } from './EventsNav.tsx';
import type { ImportResult, Rule, RuleQuery } from './events-types.ts';
import { RuleDrawer } from './RuleDrawer.tsx';
import { RuleTestModal } from './RuleTestModal.tsx';

const STATUSES = ['loaded', 'partial', 'unsupported'] as const;
const ORIGINS = ['starter', 'import', 'ui'] as const;
const STATUS_COLOUR = { loaded: 'green', partial: 'orange', unsupported: 'red' } as const;
const FIRST: RuleQuery = { page: 1, pageSize: 20 };

type RulesPage = Awaited<ReturnType<typeof loadRules>>;
async function loadRules(query: RuleQuery) {
  const { data } = await api.GET('/api/v1/events/rules', { params: { query: compactQuery(query) } });
  return data ?? { items: [], total: 0, counts: undefined, abilities: { create: false } };
}

/** Sigma rules with their load status: enable/disable, write or edit, upload, test on a pasted event. */
export function RulesPage() {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const showError = useShowError();
  const [counts, setCounts] = useState<RulesPage['counts']>(undefined);
  const [canWrite, setCanWrite] = useState(false);
  // Stable (usePagedList reloads when `load` changes); the setters never change.
  const load = useCallback(async (q: RuleQuery) => {
    const r = await loadRules(q);
    setCounts(r.counts);
    setCanWrite(r.abilities.create === true);
    return r;
  }, []);
  const list = usePagedList(load, FIRST);
  const { query, setQuery } = list;
  const [editing, setEditing] = useState<{ id: number | null } | null>(null);
  const [testing, setTesting] = useState<{ ruleId: number | null } | null>(null);
  const [settings, setSettings] = useState(false);
  const [uploaded, setUploaded] = useState<ImportResult | null>(null);
  const [uploading, setUploading] = useState(false);

  const toggle = async (r: Rule, enabled: boolean) => {
    try {
      await api.PUT('/api/v1/events/rules/{id}', {
        params: { path: { id: r.id } },
        body: { enabled, version: r.version },
      });
      list.reload();
    } catch (err) {
      showError(err);
    }
  };
  const remove = (r: Rule) =>
    modal.confirm({
      title: t('rules.deleteConfirm', { title: r.title }),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await api.DELETE('/api/v1/events/rules/{id}', { params: { path: { id: r.id } } });
          message.success(t('rules.deleted'));
          list.reload();
        } catch (err) {
          showError(err);
        }
      },
    });
  const upload = async (file: File) => {
    setUploading(true);
    try {
      setUploaded((await uploadFile('/api/v1/events/rules/upload', file)) as ImportResult);
      list.reload();
    } catch (err) {
      showError(err);
    } finally {
      setUploading(false);
    }
  };

  const columns: TableColumnsType<Rule> = [
    {
      title: t('notices.titleField'),
      key: 'title',
      width: 320,
      render: (_, r) => (
        <Flex vertical>
          <Typography.Link onClick={() => setEditing({ id: r.id })} data-testid={`rule-edit-${r.id}`}>
            {r.title}
          </Typography.Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.ruleKey}
            {r.fileName ? ` · ${r.fileName}` : ''}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('rules.level'),
      key: 'level',
      width: 90,
      render: (_, r) => (r.level ? <LevelTag level={r.level} /> : '—'),
    },
    {
      title: t('rules.status'),
      key: 'status',
      width: 120,
      render: (_, r) => {
        const tag = (
          <Tag color={STATUS_COLOUR[r.status]} data-testid={`rule-status-${r.id}`}>
            {t(`rules.status.${r.status}`)}
          </Tag>
        );
        return r.problems.length === 0 ? (
          tag
        ) : (
          <Tooltip title={r.problems.map((p) => `${p.title ?? p.source}: ${p.reason}`).join('\n')}>
            {tag}
          </Tooltip>
        );
      },
    },
    { title: t('rules.origin'), key: 'origin', width: 110, render: (_, r) => t(`rules.origin.${r.origin}`) },
    {
      title: t('rules.enabled'),
      key: 'enabled',
      width: 80,
      render: (_, r) => (
        <Switch
          size="small"
          checked={r.enabled}
          disabled={!r.abilities.update}
          onChange={(on) => void toggle(r, on)}
          data-testid={`rule-enabled-${r.id}`}
        />
      ),
    },
    {
      title: t('rules.updatedAt'),
      key: 'updatedAt',
      width: 150,
      render: (_, r) => formatDateTime(r.updatedAt),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      render: (_, r) => (
        <Space size={0}>
          <Tooltip title={t('rules.test')}>
            <Button
              type="link"
              size="small"
              icon={<ExperimentOutlined />}
              onClick={() => setTesting({ ruleId: r.id })}
            />
          </Tooltip>
          {r.abilities.delete && (
            <Button type="link" size="small" danger icon={<DeleteOutlined />} onClick={() => remove(r)} />
          )}
        </Space>
      ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('rules.title')}
        </Typography.Title>
        <EventsNav />
      </Flex>
      <Card size="small">
        <Flex vertical gap={12}>
          <Flex wrap gap={8} align="center">
            <Input.Search
              allowClear
              placeholder={t('rules.search')}
              style={{ width: 240 }}
              onSearch={(q) => setQuery({ q: q.trim() || undefined })}
              data-testid="rules-search"
            />
            <Select
              allowClear
              placeholder={t('rules.status')}
              style={{ width: 130 }}
              options={STATUSES.map((s) => ({ value: s, label: t(`rules.status.${s}`) }))}
              onChange={(status?: RuleQuery['status']) => setQuery({ status })}
            />
            <Select
              allowClear
              placeholder={t('rules.origin')}
              style={{ width: 130 }}
              options={ORIGINS.map((o) => ({ value: o, label: t(`rules.origin.${o}`) }))}
              onChange={(origin?: RuleQuery['origin']) => setQuery({ origin })}
            />
            <div style={{ flex: 1 }} />
            <Button
              icon={<ExperimentOutlined />}
              onClick={() => setTesting({ ruleId: null })}
              data-testid="rules-test-all"
            >
              {t('rules.testAll')}
            </Button>
            {canWrite && (
              <>
                <Upload
                  accept=".zip,.yml,.yaml"
                  showUploadList={false}
                  beforeUpload={(file) => {
                    void upload(file);
                    return false;
                  }}
                >
                  <Tooltip title={t('rules.uploadHint')}>
                    <Button icon={<UploadOutlined />} loading={uploading} data-testid="rules-upload">
                      {t('rules.upload')}
                    </Button>
                  </Tooltip>
                </Upload>
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => setEditing({ id: null })}
                  data-testid="rules-add"
                >
                  {t('rules.add')}
                </Button>
                <Button
                  icon={<SettingOutlined />}
                  onClick={() => setSettings(true)}
                  data-testid="rules-settings"
                >
                  {t('rules.settings')}
                </Button>
              </>
            )}
          </Flex>
          {counts && (
            <Typography.Text type="secondary" data-testid="rules-counts">
              {t('rules.counts', counts)}
            </Typography.Text>
          )}
          <Table<Rule>
            rowKey="id"
            size="small"
            loading={list.loading}
            columns={columns}
            dataSource={list.items}
            scroll={{ x: 1000 }}
            locale={{ emptyText: t('rules.none') }}
            pagination={{
              current: query.page,
              pageSize: query.pageSize,
              total: list.total,
              showSizeChanger: true,
              onChange: (page, pageSize) => setQuery({ page, pageSize }),
            }}
            data-testid="rules-table"
          />
        </Flex>
      </Card>
      <RuleDrawer
        open={editing !== null}
        id={editing?.id ?? null}
        onClose={() => setEditing(null)}
        onSaved={(r) => {
          setEditing({ id: r.id });
          list.reload();
        }}
      />
      <RuleTestModal
        open={testing !== null}
        ruleId={testing?.ruleId ?? null}
        onClose={() => setTesting(null)}
      />
      <DetectionSettingsDrawer
        open={settings}
        onClose={() => setSettings(false)}
        onSaved={() => {
          setSettings(false);
          list.reload();
        }}
      />
      <Modal
        open={uploaded !== null}
        onCancel={() => setUploaded(null)}
        footer={null}
        title={t('rules.upload')}
        width={720}
      >
        {uploaded && (
          <Flex vertical gap={8} data-testid="rules-upload-result">
            <Typography.Text>
              {t('rules.uploadResult', {
                created: uploaded.created,
                updated: uploaded.updated,
                unchanged: uploaded.unchanged,
                rejected: uploaded.rejected,
                unsupported: uploaded.unsupported,
              })}
            </Typography.Text>
            <List
              size="small"
              dataSource={uploaded.files}
              renderItem={(f) => (
                <List.Item>
                  <Flex vertical>
                    <span>
                      <Tag
                        color={
                          f.outcome === 'rejected'
                            ? 'red'
                            : f.status && f.status !== 'loaded'
                              ? 'orange'
                              : 'green'
                        }
                      >
                        {t(`rules.outcome.${f.outcome}`)}
                      </Tag>
                      {f.fileName}
                    </span>
                    {f.problems.map((p) => (
                      <Typography.Text
                        key={`${p.source}-${p.reason}`}
                        type="secondary"
                        style={{ fontSize: 12 }}
                      >
                        {p.title ?? p.source}: {p.reason}
                      </Typography.Text>
                    ))}
                  </Flex>
                </List.Item>
              )}
            />
          </Flex>
        )}
      </Modal>
    </Flex>
  );
}
