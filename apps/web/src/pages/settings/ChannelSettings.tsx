import { DeleteOutlined, EditOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { NOTIFICATION_TOPICS } from '@shouwang/common';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  TreeSelect,
} from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/client.ts';
import { useMe } from '../../auth/AuthProvider.tsx';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useRegions } from '../org/useRegions.ts';
import type { NotificationChannelInput, NotificationChannelRow } from './settings-types.ts';

const KINDS = ['email', 'wecom', 'dingtalk', 'feishu', 'webhook'] as const;
type Kind = (typeof KINDS)[number];
/** Which kinds sign their messages with a secret (WeCom robots carry their key in the URL). */
const SIGNED: readonly Kind[] = ['dingtalk', 'feishu', 'webhook'];

function ChannelDrawer({
  channel,
  open,
  onClose,
  onSaved,
}: {
  channel: NotificationChannelRow | null;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, label } = useI18n();
  const me = useMe();
  const regions = useRegions();
  const showError = useShowError();
  const [form] = Form.useForm<NotificationChannelInput>();
  const [saving, setSaving] = useState(false);
  const kind: Kind = Form.useWatch('kind', form) ?? 'wecom';

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (channel) form.setFieldsValue(channel);
    else
      form.setFieldsValue({
        regionId: me.regionId,
        kind: 'wecom',
        enabled: true,
        config: { topics: [], secure: false },
      });
  }, [open, channel, form, me.regionId]);

  const save = async (values: NotificationChannelInput) => {
    setSaving(true);
    try {
      if (channel) {
        const { name, enabled, config } = values;
        await api.PUT('/api/v1/notification-channels/{id}', {
          params: { path: { id: channel.id } },
          body: { name, enabled, config },
        });
      } else await api.POST('/api/v1/notification-channels', { body: values });
      onSaved();
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  const secretExtra = channel ? t('channels.secretKept') : undefined;
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={channel ? t('channels.edit') : t('channels.new')}
      size={480}
      extra={
        <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="channel-save">
          {t('common.save')}
        </Button>
      }
    >
      <Form form={form} layout="vertical" onFinish={save}>
        <Form.Item name="name" label={t('channels.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} data-testid="channel-name" />
        </Form.Item>
        <Form.Item name="regionId" label={t('notices.region')} rules={[{ required: true }]}>
          <TreeSelect disabled={channel !== null} treeData={regions.treeData} treeDefaultExpandAll />
        </Form.Item>
        <Form.Item name="kind" label={t('channels.kind')} rules={[{ required: true }]}>
          <Select
            disabled={channel !== null}
            options={KINDS.map((k) => ({ value: k, label: label('channel', k) }))}
            data-testid="channel-kind"
          />
        </Form.Item>
        <Form.Item name="enabled" label={t('channels.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {kind === 'email' ? (
          <>
            <Flex gap={8}>
              <Form.Item name={['config', 'host']} label={t('channels.smtpHost')} style={{ flex: 1 }}>
                <Input />
              </Form.Item>
              <Form.Item name={['config', 'port']} label={t('channels.smtpPort')}>
                <InputNumber min={1} max={65535} style={{ width: 100 }} />
              </Form.Item>
            </Flex>
            <Form.Item name={['config', 'secure']} valuePropName="checked">
              <Checkbox>{t('channels.smtpSecure')}</Checkbox>
            </Form.Item>
            <Form.Item name={['config', 'user']} label={t('channels.smtpUser')}>
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item name={['config', 'pass']} label={t('channels.smtpPassword')} extra={secretExtra}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Form.Item name={['config', 'from']} label={t('channels.smtpFrom')}>
              <Input placeholder="noreply@example.gov.cn" />
            </Form.Item>
          </>
        ) : (
          <>
            <Form.Item name={['config', 'url']} label={t('channels.url')} extra={secretExtra}>
              <Input placeholder="https://" data-testid="channel-url" />
            </Form.Item>
            {SIGNED.includes(kind) && (
              <Form.Item name={['config', 'secret']} label={t('channels.secret')} extra={secretExtra}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
            )}
            <Form.Item name={['config', 'topics']} label={t('prefs.topic')}>
              <Select
                mode="multiple"
                allowClear
                placeholder={t('common.all')}
                options={NOTIFICATION_TOPICS.map((x) => ({ value: x, label: label('topic', x) }))}
              />
            </Form.Item>
          </>
        )}
      </Form>
    </Drawer>
  );
}

/** Outside channels of this office (SMTP, group robots, signed webhook): list, edit, test, delete. */
export function ChannelSettings() {
  const { t, label } = useI18n();
  const { message, modal } = App.useApp();
  const showError = useShowError();
  const [rows, setRows] = useState<NotificationChannelRow[]>([]);
  const [loading, setLoading] = useState(true);
  const [editing, setEditing] = useState<{ channel: NotificationChannelRow | null } | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const { data } = await api.GET('/api/v1/notification-channels');
      setRows(data ?? []);
    } catch (err) {
      showError(err);
    } finally {
      setLoading(false);
    }
  }, [showError]);
  useEffect(() => {
    void load();
  }, [load]);

  const testTo = useRef('');
  const sendTest = async (row: NotificationChannelRow, to?: string) => {
    try {
      const { data } = await api.POST('/api/v1/notification-channels/{id}/test', {
        params: { path: { id: row.id } },
        body: to ? { to } : {},
      });
      if (data?.ok) message.success(t('channels.testSent'));
      else message.error(t('channels.testFailed', { error: data?.error ?? '' }));
    } catch (err) {
      showError(err);
    }
  };
  // E-mail needs an address to send the test to; robots post to their group.
  const test = (row: NotificationChannelRow) => {
    if (row.kind !== 'email') return void sendTest(row);
    testTo.current = '';
    modal.confirm({
      title: t('channels.test'),
      content: (
        <Input
          type="email"
          placeholder={t('channels.testTo')}
          onChange={(e) => {
            testTo.current = e.target.value.trim();
          }}
          data-testid="channel-test-to"
        />
      ),
      onOk: () => sendTest(row, testTo.current || undefined),
    });
  };
  const remove = async (row: NotificationChannelRow) => {
    try {
      await api.DELETE('/api/v1/notification-channels/{id}', { params: { path: { id: row.id } } });
      message.success(t('common.deleted'));
      void load();
    } catch (err) {
      showError(err);
    }
  };

  return (
    <Flex vertical gap={12}>
      <Flex gap={8}>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing({ channel: null })}
          data-testid="channel-new"
        >
          {t('channels.new')}
        </Button>
      </Flex>
      {!loading && rows.length === 0 && <Alert type="info" showIcon title={t('channels.empty')} />}
      <Table<NotificationChannelRow>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 640 }}
        columns={[
          { title: t('channels.name'), dataIndex: 'name', key: 'name' },
          { title: t('notices.region'), dataIndex: 'regionName', key: 'region' },
          {
            title: t('channels.kind'),
            dataIndex: 'kind',
            key: 'kind',
            render: (k: string) => label('channel', k),
          },
          {
            title: t('channels.config'),
            key: 'config',
            render: (_, r) => r.config.url ?? [r.config.host, r.config.from].filter(Boolean).join(' · '),
          },
          {
            title: t('channels.enabled'),
            dataIndex: 'enabled',
            key: 'enabled',
            render: (on: boolean) =>
              on ? <Tag color="green">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>,
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 130,
            render: (_, r) => (
              <Space size={0}>
                {r.abilities.update && (
                  <Button
                    type="link"
                    size="small"
                    icon={<EditOutlined />}
                    aria-label={t('common.edit')}
                    onClick={() => setEditing({ channel: r })}
                    data-testid={`channel-edit-${r.id}`}
                  />
                )}
                {r.abilities.test && (
                  <Button
                    type="link"
                    size="small"
                    icon={<SendOutlined />}
                    aria-label={t('channels.test')}
                    title={t('channels.test')}
                    onClick={() => test(r)}
                    data-testid={`channel-test-${r.id}`}
                  />
                )}
                {r.abilities.delete && (
                  <Popconfirm
                    title={t('common.confirmDelete', { name: r.name })}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => remove(r)}
                  >
                    <Button
                      type="link"
                      size="small"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('common.delete')}
                    />
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <ChannelDrawer
        open={editing !== null}
        channel={editing?.channel ?? null}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          message.success(t('common.saved'));
          void load();
        }}
      />
    </Flex>
  );
}
