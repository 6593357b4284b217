import { Form, Input, InputNumber, Select, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../../api/client.ts';
import { FormDrawer } from '../../../components/FormDrawer.tsx';
import { useShowError } from '../../../components/useShowError.tsx';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { FEED_KINDS } from './intel-logic.ts';
import type { Feed, FeedInput } from './intel-types.ts';

interface Values {
  name: string;
  kind: FeedInput['kind'];
  url?: string;
  enabled: boolean;
  defaultTtlDays?: number | null;
  refreshMinutes?: number | null;
}

/** Adds a feed (no `feed`) or edits one. */
export function FeedDrawer({
  open,
  feed,
  onClose,
  onSaved,
}: {
  open: boolean;
  feed: Feed | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      feed
        ? {
            name: feed.name,
            kind: feed.kind,
            url: feed.url ?? '',
            enabled: feed.enabled,
            defaultTtlDays: feed.defaultTtlDays,
            refreshMinutes: feed.refreshMinutes,
          }
        : { kind: 'stix', enabled: true },
    );
  }, [open, feed, form]);

  const save = async (v: Values) => {
    setBusy(true);
    const body = {
      name: v.name,
      kind: v.kind,
      url: v.url?.trim() || null,
      enabled: v.enabled,
      defaultTtlDays: v.defaultTtlDays ?? null,
      refreshMinutes: v.refreshMinutes ?? null,
    };
    try {
      if (feed) {
        await api.PATCH('/api/v1/events/intel/feeds/{id}', { params: { path: { id: feed.id } }, body });
      } else {
        await api.POST('/api/v1/events/intel/feeds', { body });
      }
      onSaved();
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormDrawer
      open={open}
      title={feed ? t('intel.feeds.edit') : t('intel.feeds.add')}
      busy={busy}
      onClose={onClose}
      onSave={() => form.submit()}
      saveTestId="feed-save"
    >
      <Form form={form} layout="vertical" onFinish={save}>
        <Form.Item name="name" label={t('intel.feeds.name')} rules={[{ required: true, max: 200 }]}>
          <Input data-testid="feed-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('intel.feeds.kind')} rules={[{ required: true }]}>
          <Select
            options={FEED_KINDS.map((k) => ({ value: k, label: k.toUpperCase() }))}
            data-testid="feed-kind"
          />
        </Form.Item>
        <Form.Item name="url" label={t('intel.feeds.url')} extra={t('intel.feeds.urlHint')}>
          <Input placeholder="https://" data-testid="feed-url" />
        </Form.Item>
        <Form.Item name="enabled" label={t('intel.feeds.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="defaultTtlDays" label={t('intel.feeds.ttl')} extra={t('intel.feeds.ttlHint')}>
          <InputNumber min={1} max={3650} style={{ width: 160 }} data-testid="feed-ttl" />
        </Form.Item>
        <Form.Item
          name="refreshMinutes"
          label={t('intel.feeds.refresh')}
          extra={t('intel.feeds.refreshHint')}
        >
          <InputNumber min={5} max={10080} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
