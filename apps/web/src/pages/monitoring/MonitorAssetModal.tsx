import { App, Form, Modal, Select, Switch } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { INTERVAL_CHOICES, intervalLabel } from './monitoring-logic.ts';
import type { SiteDetail } from './monitoring-types.ts';

interface Values {
  enabled: boolean;
  intervalSeconds: number;
}

/** Turns monitoring on or off for one website asset and sets its interval (PUT /monitoring/assets/:id). */
export function MonitorAssetModal({
  assetId,
  assetName,
  initial,
  onClose,
  onSaved,
}: {
  assetId: number;
  assetName: string;
  initial?: Values;
  onClose: () => void;
  onSaved: (detail: SiteDetail) => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  const save = async (values: Values) => {
    setBusy(true);
    try {
      const { data } = await api.PUT('/api/v1/monitoring/assets/{assetId}', {
        params: { path: { assetId } },
        body: values,
      });
      message.success(t('monitoring.monitorSaved'));
      if (data) onSaved(data);
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={`${t('monitoring.configure')} · ${assetName}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: busy, 'data-testid': 'monitor-save' }}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initial ?? { enabled: true, intervalSeconds: 300 }}
        onFinish={(v) => void save(v)}
      >
        <Form.Item name="enabled" label={t('monitoring.enabled')} valuePropName="checked">
          <Switch data-testid="monitor-enabled" />
        </Form.Item>
        <Form.Item name="intervalSeconds" label={t('monitoring.interval')}>
          <Select
            data-testid="monitor-interval"
            options={INTERVAL_CHOICES.map((n) => ({ value: n, label: intervalLabel(n, locale) }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
