import { Button, Flex, Table, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { ResponseOf } from '../../api/types.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';

type Delivery = ResponseOf<'/api/v1/notices/{id}/deliveries', 'get'>[number];

const STATUS_COLOUR: Record<string, string> = {
  queued: 'default',
  retrying: 'orange',
  sent: 'green',
  failed: 'red',
};

/** Every notification this notice caused, per channel and recipient, with failures kept visible. */
export function DeliveriesTab({ noticeId }: { noticeId: number }) {
  const { t, label } = useI18n();
  const showError = useShowError();
  const [rows, setRows] = useState<Delivery[]>([]);
  const [loading, setLoading] = useState(true);
  const load = useCallback(async () => {
    setLoading(true);
    try {
      const { data } = await api.GET('/api/v1/notices/{id}/deliveries', {
        params: { path: { id: noticeId } },
      });
      setRows(data ?? []);
    } catch (err) {
      showError(err);
    } finally {
      setLoading(false);
    }
  }, [noticeId, showError]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Flex vertical gap={8}>
      <Flex justify="end">
        <Button size="small" onClick={() => void load()}>
          {t('common.refresh')}
        </Button>
      </Flex>
      <Table<Delivery>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={rows.length > 20 ? { pageSize: 20 } : false}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('notice.noDeliveries') }}
        data-testid="delivery-log"
        columns={[
          {
            title: t('notice.sentAt'),
            dataIndex: 'createdAt',
            key: 'createdAt',
            width: 140,
            render: (v: string) => formatDateTime(v),
          },
          {
            title: t('notice.topic'),
            dataIndex: 'topic',
            key: 'topic',
            width: 140,
            render: (v: string) => label('topic', v),
          },
          {
            title: t('notice.channel'),
            dataIndex: 'channel',
            key: 'channel',
            width: 140,
            render: (v: string) => label('channel', v),
          },
          { title: t('notice.recipient'), dataIndex: 'recipient', key: 'recipient', width: 180 },
          {
            title: t('notice.deliveryStatus'),
            dataIndex: 'status',
            key: 'status',
            width: 110,
            render: (v: string) => (
              <Tag color={STATUS_COLOUR[v] ?? 'default'}>{label('deliveryStatus', v)}</Tag>
            ),
          },
          { title: t('notice.attempts'), dataIndex: 'attempts', key: 'attempts', width: 80 },
          {
            title: t('notice.lastError'),
            dataIndex: 'lastError',
            key: 'lastError',
            render: (v: string | null, r) =>
              v ? (
                <Tooltip
                  title={
                    r.nextAttemptAt
                      ? `${t('notice.nextAttempt')} ${formatDateTime(r.nextAttemptAt)}`
                      : undefined
                  }
                >
                  <Typography.Text type="danger" ellipsis style={{ maxWidth: 240 }}>
                    {v}
                  </Typography.Text>
                </Tooltip>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </Flex>
  );
}
