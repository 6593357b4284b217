import { Alert, App, Button, Card, Descriptions, Form, InputNumber, Select, Space, Spin } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { RequestOf, ResponseOf } from '../../api/types.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { TopicsHeader } from './TopicsNav.tsx';
import { bucketLabel } from './topic-logic.ts';

const BUCKETS = [300, 900, 1800, 3600, 7200, 21_600, 86_400];
/** The usual buckets, plus the current one when it is unusual (e.g. a drill's ten seconds). */
const bucketChoices = (current: number) => (BUCKETS.includes(current) ? BUCKETS : [current, ...BUCKETS]);

type Settings = ResponseOf<'/api/v1/topics/settings', 'get'>;
type SettingsInput = RequestOf<'/api/v1/topics/settings', 'put'>;

/** The pipeline's settings: bucket, burst sensitivity, cooling and cold, the office's own words. */
export function TopicSettingsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<SettingsInput>();

  const load = useCallback(async () => {
    try {
      const { data } = await api.GET('/api/v1/topics/settings');
      if (data) {
        setSettings(data);
        form.setFieldsValue(data);
      }
    } catch (err) {
      showError(err);
    }
  }, [form, showError]);
  useEffect(() => {
    void load();
  }, [load]);

  const save = async (values: SettingsInput) => {
    setBusy(true);
    try {
      const { data } = await api.PUT('/api/v1/topics/settings', {
        body: { ...values, words: values.words ?? [] },
      });
      if (data) {
        setSettings(data);
        message.success(t('topics.settings.saved'));
      }
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  if (!settings) return <Spin />;
  const editable = settings.abilities.edit === true;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <TopicsHeader />
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, sm: 3 }}>
          <Descriptions.Item label={t('topics.settings.processed')}>
            {settings.itemsProcessed}
          </Descriptions.Item>
          <Descriptions.Item label={t('topics.settings.pending')}>{settings.pending}</Descriptions.Item>
          <Descriptions.Item label={t('topics.settings.updatedAt')}>
            {formatDateTime(settings.updatedAt.slice(0, 24))}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {!editable && <Alert type="info" showIcon message={t('topics.settings.readOnly')} />}
      <Card size="small">
        <Form
          form={form}
          layout="vertical"
          disabled={!editable}
          onFinish={(v) => void save(v)}
          style={{ maxWidth: 560 }}
        >
          <Form.Item
            name="bucketSeconds"
            label={t('topics.settings.bucket')}
            extra={t('topics.settings.bucketHint')}
            rules={[{ required: true }]}
          >
            <Select
              data-testid="settings-bucket"
              options={bucketChoices(settings.bucketSeconds).map((s) => ({
                value: s,
                label: bucketLabel(s),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="sensitivity"
            label={t('topics.settings.sensitivity')}
            extra={t('topics.settings.sensitivityHint')}
            rules={[{ required: true }]}
          >
            <InputNumber min={2} max={20} step={0.5} />
          </Form.Item>
          <Form.Item name="minCount" label={t('topics.settings.minCount')} rules={[{ required: true }]}>
            <InputNumber min={3} max={10_000} />
          </Form.Item>
          <Form.Item name="minGrowth" label={t('topics.settings.minGrowth')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100} step={0.5} />
          </Form.Item>
          <Form.Item name="warmupBuckets" label={t('topics.settings.warmup')} rules={[{ required: true }]}>
            <InputNumber min={0} max={1000} />
          </Form.Item>
          <Form.Item name="coolingShare" label={t('topics.settings.cooling')} rules={[{ required: true }]}>
            <InputNumber min={0.05} max={0.95} step={0.05} />
          </Form.Item>
          <Form.Item name="coldBuckets" label={t('topics.settings.cold')} rules={[{ required: true }]}>
            <InputNumber min={1} max={1000} />
          </Form.Item>
          <Form.Item name="words" label={t('topics.settings.words')} extra={t('topics.settings.wordsHint')}>
            <Select mode="tags" tokenSeparators={[',', '，', ' ', '\n']} open={false} />
          </Form.Item>
          {editable && (
            <Button type="primary" htmlType="submit" loading={busy} data-testid="settings-save">
              {t('common.save')}
            </Button>
          )}
        </Form>
      </Card>
    </Space>
  );
}
