import { App, Form, Input, InputNumber, Select } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { FormDrawer } from '../../components/FormDrawer.tsx';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { SIGMA_LEVELS } from './alerts-logic.ts';

interface Values {
  alertWindowMinutes: number;
  findingMinLevel: 'low' | 'medium' | 'high' | 'critical';
  fieldMappings: string;
  placeholders: string;
}

function stringLists(text: string): Record<string, string[]> | null {
  try {
    const v: unknown = JSON.parse(text.trim() || '{}');
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
    const out: Record<string, string[]> = {};
    for (const [k, list] of Object.entries(v)) {
      const items = Array.isArray(list) ? list : [list];
      if (!items.every((x) => typeof x === 'string')) return null;
      out[k] = items as string[];
    }
    return out;
  } catch {
    return null;
  }
}

/** The office's detection settings: alert window, finding threshold, field mappings and placeholders. */
export function DetectionSettingsDrawer({
  open,
  onClose,
  onSaved,
}: {
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    api
      .GET('/api/v1/events/detection-settings')
      .then(({ data }) => {
        if (!data) return;
        form.setFieldsValue({
          alertWindowMinutes: data.alertWindowMinutes,
          findingMinLevel: data.findingMinLevel as Values['findingMinLevel'],
          fieldMappings: JSON.stringify(data.fieldMappings, null, 2),
          placeholders: JSON.stringify(data.placeholders, null, 2),
        });
      })
      .catch(showError);
  }, [open, form, showError]);

  const json = () => ({
    validator: async (_: unknown, value: string) => {
      if (stringLists(value ?? '') === null) throw new Error(t('rules.settingsJsonInvalid'));
    },
  });

  const save = async (v: Values) => {
    setBusy(true);
    try {
      await api.PUT('/api/v1/events/detection-settings', {
        body: {
          alertWindowMinutes: v.alertWindowMinutes,
          findingMinLevel: v.findingMinLevel,
          fieldMappings: stringLists(v.fieldMappings) ?? {},
          placeholders: stringLists(v.placeholders) ?? {},
        },
      });
      message.success(t('rules.settingsSaved'));
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
      title={t('rules.settings')}
      busy={busy}
      onClose={onClose}
      onSave={() => form.submit()}
      saveTestId="detection-settings-save"
      width={560}
    >
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
        <Form.Item name="alertWindowMinutes" label={t('rules.settingsWindow')} rules={[{ required: true }]}>
          <InputNumber min={1} max={1440} />
        </Form.Item>
        <Form.Item name="findingMinLevel" label={t('rules.settingsMinLevel')} rules={[{ required: true }]}>
          <Select
            style={{ width: 160 }}
            options={SIGMA_LEVELS.slice(1).map((l) => ({ value: l, label: t(`alerts.levelName.${l}`) }))}
          />
        </Form.Item>
        <Form.Item name="fieldMappings" label={t('rules.settingsMappings')} rules={[json()]}>
          <Input.TextArea rows={8} spellCheck={false} style={{ fontFamily: 'monospace', fontSize: 12 }} />
        </Form.Item>
        <Form.Item name="placeholders" label={t('rules.settingsPlaceholders')} rules={[json()]}>
          <Input.TextArea rows={6} spellCheck={false} style={{ fontFamily: 'monospace', fontSize: 12 }} />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
