import { DeleteOutlined, EditOutlined, PlusOutlined, SyncOutlined, UploadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Empty,
  Flex,
  Progress,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, uploadFile } from '../../../api/client.ts';
import { useShowError } from '../../../components/useShowError.tsx';
import { formatDateTime } from '../../../i18n/format.ts';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { FeedDrawer } from './FeedDrawer.tsx';
import { FeedsChart } from './FeedsChart.tsx';
import { ImportResultView } from './ImportResultView.tsx';
import { anyImporting, progressPercent, RESULT_COLOUR } from './intel-logic.ts';
import type { Feed, FeedList, UploadResult } from './intel-types.ts';

/** Feeds: add and edit, import a URL feed now (with progress) or upload a file, and each last result. */
export function FeedsPanel() {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const showError = useShowError();
  const [list, setList] = useState<FeedList | null>(null);
  const [editing, setEditing] = useState<{ feed: Feed | null } | null>(null);
  const [uploading, setUploading] = useState<number | null>(null);

  const reload = useCallback(async () => {
    try {
      const { data } = await api.GET('/api/v1/events/intel/feeds');
      if (data) setList(data);
    } catch (err) {
      showError(err);
    }
  }, [showError]);
  useEffect(() => {
    void reload();
  }, [reload]);
  // While imports run, poll those feeds alone (each counts only its own indicators) for progress and result.
  const importingIds = list ? list.items.filter((f) => anyImporting([f])).map((f) => f.id) : [];
  const importingKey = importingIds.join(',');
  useEffect(() => {
    const ids = importingKey ? importingKey.split(',').map(Number) : [];
    if (ids.length === 0) return;
    const timer = setInterval(() => {
      void Promise.all(
        ids.map((id) => api.GET('/api/v1/events/intel/feeds/{id}', { params: { path: { id } } })),
      )
        .then((answers) => {
          const fresh = new Map(answers.flatMap(({ data }) => (data ? [[data.id, data] as const] : [])));
          setList((l) => (l ? { ...l, items: l.items.map((f) => fresh.get(f.id) ?? f) } : l));
          // An import finished: reload the list for the matcher's count and the chart.
          if ([...fresh.values()].some((f) => !anyImporting([f]))) void reload();
        })
        .catch(showError);
    }, 1500);
    return () => clearInterval(timer);
  }, [importingKey, reload, showError]);

  const importNow = async (feed: Feed) => {
    try {
      await api.POST('/api/v1/events/intel/feeds/{id}/import', { params: { path: { id: feed.id } } });
      message.success(t('intel.feeds.queued'));
      await reload();
    } catch (err) {
      showError(err);
    }
  };
  const upload = async (feed: Feed, file: File) => {
    setUploading(feed.id);
    try {
      const r = (await uploadFile(`/api/v1/events/intel/feeds/${feed.id}/upload`, file)) as UploadResult;
      modal.info({
        title: t('intel.feeds.resultTitle'),
        width: 720,
        content: <ImportResultView result={r.result} />,
      });
      await reload();
    } catch (err) {
      showError(err);
    } finally {
      setUploading(null);
    }
  };
  const remove = (feed: Feed) =>
    modal.confirm({
      title: t('intel.feeds.deleteConfirm'),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await api.DELETE('/api/v1/events/intel/feeds/{id}', { params: { path: { id: feed.id } } });
          message.success(t('intel.feeds.deleted'));
          await reload();
        } catch (err) {
          showError(err);
        }
      },
    });

  const columns: TableColumnsType<Feed> = [
    {
      title: t('intel.feeds.name'),
      key: 'name',
      render: (_, f) => (
        <Flex vertical>
          <span data-testid={`feed-name-${f.id}`}>
            {f.name} {!f.enabled && <Tag>{t('intel.feeds.disabled')}</Tag>}
          </span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: f.url }}>
            {f.url ?? t('intel.feeds.uploadOnly')}
            {f.refreshMinutes ? ` · ${t('intel.feeds.schedule', { n: f.refreshMinutes })}` : ''}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('intel.feeds.kind'),
      key: 'kind',
      width: 80,
      render: (_, f) => <Tag>{f.kind.toUpperCase()}</Tag>,
    },
    {
      title: t('intel.feeds.indicators'),
      key: 'count',
      width: 140,
      align: 'right',
      render: (_, f) => (
        <span data-testid={`feed-count-${f.id}`}>
          {f.activeIndicators.toLocaleString()} / {f.indicators.toLocaleString()}
        </span>
      ),
    },
    {
      title: t('intel.feeds.lastImport'),
      key: 'last',
      width: 260,
      render: (_, f) => {
        if (f.importState || f.progress) {
          const pct = progressPercent(f);
          return (
            <Flex vertical data-testid={`feed-progress-${f.id}`}>
              <span>{t(`intel.feeds.phase.${f.progress?.phase ?? 'queued'}`)}</span>
              <Progress percent={pct ?? 0} size="small" status="active" showInfo={pct !== null} />
            </Flex>
          );
        }
        if (!f.lastResult)
          return <Typography.Text type="secondary">{t('intel.feeds.never')}</Typography.Text>;
        return (
          <Flex vertical>
            <span>
              <Tag color={RESULT_COLOUR[f.lastResult.status]} data-testid={`feed-status-${f.id}`}>
                {t(`intel.feeds.lastStatus.${f.lastResult.status}`)}
              </Tag>
              {f.lastImportAt && formatDateTime(f.lastImportAt)}
            </span>
            <Tooltip
              title={t('intel.feeds.result', {
                read: f.lastResult.read,
                created: f.lastResult.created,
                updated: f.lastResult.updated,
                unchanged: f.lastResult.unchanged,
                stale: f.lastResult.stale,
                notMatchable: f.lastResult.notMatchable,
                errorCount: f.lastResult.errorCount,
              })}
            >
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {`+${f.lastResult.created} ~${f.lastResult.updated} =${f.lastResult.unchanged} ✕${f.lastResult.errorCount}`}
              </Typography.Text>
            </Tooltip>
          </Flex>
        );
      },
    },
    {
      title: '',
      key: 'actions',
      width: 200,
      render: (_, f) =>
        f.abilities.import && (
          <Space size={4}>
            {f.url && (
              <Tooltip title={t('intel.feeds.importNow')}>
                <Button
                  size="small"
                  icon={<SyncOutlined />}
                  disabled={Boolean(f.importState)}
                  onClick={() => void importNow(f)}
                  data-testid={`feed-import-${f.id}`}
                />
              </Tooltip>
            )}
            <Upload
              accept=".json,.zip,.csv,.txt"
              showUploadList={false}
              beforeUpload={(file) => {
                void upload(f, file);
                return false;
              }}
            >
              <Tooltip title={t('intel.feeds.uploadHint')}>
                <Button
                  size="small"
                  icon={<UploadOutlined />}
                  loading={uploading === f.id}
                  data-testid={`feed-upload-${f.id}`}
                >
                  {t('intel.feeds.upload')}
                </Button>
              </Tooltip>
            </Upload>
            <Button size="small" icon={<EditOutlined />} onClick={() => setEditing({ feed: f })} />
            <Button size="small" danger icon={<DeleteOutlined />} onClick={() => remove(f)} />
          </Space>
        ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text type="secondary" data-testid="intel-matcher">
          {list ? t('intel.feeds.matcher', { n: list.matcher.indicators.toLocaleString() }) : ''}
        </Typography.Text>
        {list?.abilities.create && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({ feed: null })}
            data-testid="feed-add"
          >
            {t('intel.feeds.add')}
          </Button>
        )}
      </Flex>
      {list && list.items.length > 0 && <FeedsChart feeds={list.items} />}
      <Table
        rowKey="id"
        size="middle"
        loading={!list}
        columns={columns}
        dataSource={list?.items ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        expandable={{
          rowExpandable: (f) => f.lastResult !== null,
          expandedRowRender: (f) => (f.lastResult ? <ImportResultView result={f.lastResult} /> : null),
        }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('intel.feeds.none')} />,
        }}
        data-testid="feeds-table"
      />
      <FeedDrawer
        open={editing !== null}
        feed={editing?.feed ?? null}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          message.success(t('intel.feeds.saved'));
          void reload();
        }}
      />
    </Flex>
  );
}
