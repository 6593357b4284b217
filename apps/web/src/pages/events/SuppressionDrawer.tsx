import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, InputNumber, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { FormDrawer } from '../../components/FormDrawer.tsx';
import { UnitSelect } from '../../components/UnitSelect.tsx';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { SuppressionInput } from './events-types.ts';

interface Values {
  ruleKey?: string;
  unitId?: number | null;
  assetId?: number | null;
  sourceId?: number | null;
  conditions: { field: string; value: string }[];
  reason: string;
  expiresAt?: Dayjs | null;
}

export interface SuppressionDraft {
  ruleKey?: string | null;
  unitId?: number | null;
  unitName?: string | null;
  assetId?: number | null;
  sourceId?: number | null;
  conditions: { field: string; value: string }[];
  reason?: string;
  expiresAt?: string | null;
}

/** Creates (no id) or edits a suppression; prefilled from an alert when opened there. */
export function SuppressionDrawer({
  open,
  id,
  draft,
  onClose,
  onSaved,
}: {
  open: boolean;
  id: number | null;
  draft: SuppressionDraft | null;
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
    form.resetFields();
    form.setFieldsValue({
      ruleKey: draft?.ruleKey ?? undefined,
      unitId: draft?.unitId ?? null,
      assetId: draft?.assetId ?? null,
      sourceId: draft?.sourceId ?? null,
      conditions: draft?.conditions ?? [],
      reason: draft?.reason ?? '',
      expiresAt: draft?.expiresAt ? dayjs(draft.expiresAt) : null,
    });
  }, [open, draft, form]);

  const save = async (v: Values) => {
    const body: SuppressionInput = {
      ruleKey: v.ruleKey?.trim() || null,
      unitId: v.unitId ?? null,
      assetId: v.assetId ?? null,
      sourceId: v.sourceId ?? null,
      conditions: (v.conditions ?? [])
        .filter((c) => c?.field?.trim())
        .map((c) => ({ field: c.field.trim(), value: c.value ?? '' })),
      reason: v.reason.trim(),
      expiresAt: v.expiresAt ? v.expiresAt.toISOString() : null,
    };
    setBusy(true);
    try {
      if (id === null) await api.POST('/api/v1/events/suppressions', { body });
      else await api.PUT('/api/v1/events/suppressions/{id}', { params: { path: { id } }, body });
      message.success(t('suppressions.saved'));
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
      title={id === null ? t('suppressions.add') : t('suppressions.edit')}
      busy={busy}
      onClose={onClose}
      onSave={() => form.submit()}
      saveTestId="suppression-save"
      width={560}
    >
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
        <Form.Item name="ruleKey" label={t('suppressions.rule')}>
          <Input placeholder={t('suppressions.anyRule')} data-testid="suppression-rule" />
        </Form.Item>
        <Form.Item name="unitId" label={t('suppressions.unit')}>
          <UnitSelect initialLabel={draft?.unitName ?? null} testId="suppression-unit" />
        </Form.Item>
        <Space>
          <Form.Item name="assetId" label={t('suppressions.asset')}>
            <InputNumber min={1} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="sourceId" label={t('suppressions.source')}>
            <InputNumber min={1} style={{ width: 140 }} />
          </Form.Item>
        </Space>
        <Form.Item label={t('suppressions.conditions')}>
          <Form.List name="conditions">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item name={[f.name, 'field']} rules={[{ required: true }]}>
                      <Input placeholder={t('suppressions.field')} style={{ width: 180 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'value']}>
                      <Input placeholder={t('suppressions.value')} style={{ width: 220 }} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ field: '', value: '' })}>
                  {t('suppressions.addCondition')}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('suppressions.reason')}
          rules={[{ required: true, whitespace: true, message: t('suppressions.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="suppression-reason" />
        </Form.Item>
        <Form.Item name="expiresAt" label={t('suppressions.expiresAt')}>
          <DatePicker showTime placeholder={t('suppressions.never')} />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
