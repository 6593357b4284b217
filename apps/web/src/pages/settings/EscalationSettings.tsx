import { parseDuration } from '@shouwang/common/calendar/validate';
import { App, Button, Flex, Form, Input, Select, Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useDurationRule } from './PolicySettings.tsx';
import type { EscalationSettingsValue } from './settings-types.ts';

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Reminder offsets before deadlines, the supervision ladder, and the working hours messages go out in. */
export function EscalationSettings() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const durationRule = useDurationRule();
  const [form] = Form.useForm<EscalationSettingsValue>();
  const [loaded, setLoaded] = useState(false);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    api
      .GET('/api/v1/notices/escalation')
      .then(({ data }) => {
        if (data) form.setFieldsValue(data);
        setLoaded(true);
      })
      .catch(showError);
  }, [form, showError]);

  const save = async (values: EscalationSettingsValue) => {
    setSaving(true);
    try {
      const { data } = await api.PUT('/api/v1/notices/escalation', { body: values });
      if (data) form.setFieldsValue(data);
      message.success(t('common.saved'));
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  const clockRule = { pattern: CLOCK, message: 'HH:mm' };
  const clock = (name: string, labelKey: Parameters<typeof t>[0]) => (
    <Form.Item name={['workingHours', name]} label={t(labelKey)} rules={[clockRule]}>
      <Input style={{ width: 100 }} placeholder="09:00" data-testid={`escalation-${name}`} />
    </Form.Item>
  );

  if (!loaded) return <Skeleton active />;
  return (
    <Form form={form} layout="vertical" onFinish={save} style={{ maxWidth: 720 }}>
      <Typography.Paragraph type="secondary">{t('settings.durationHint')}</Typography.Paragraph>
      <Form.Item
        name="remindBefore"
        label={t('settings.remindBefore')}
        extra={t('settings.remindBeforeHint')}
        rules={[
          {
            validator: async (_, value: unknown) => {
              const list = Array.isArray(value) ? value : [];
              if (list.some((v) => typeof v !== 'string' || !parseDuration(v.trim()).ok))
                throw new Error(t('settings.durationInvalid'));
            },
          },
        ]}
      >
        <Select mode="tags" open={false} style={{ maxWidth: 360 }} data-testid="escalation-remind" />
      </Form.Item>
      <Form.Item
        name="superviseLeaderAfter"
        label={t('settings.superviseLeaderAfter')}
        rules={[durationRule]}
      >
        <Input style={{ width: 120 }} data-testid="escalation-leader" />
      </Form.Item>
      <Form.Item
        name="superviseOfficeAfter"
        label={t('settings.superviseOfficeAfter')}
        rules={[durationRule]}
      >
        <Input style={{ width: 120 }} data-testid="escalation-office" />
      </Form.Item>
      <Typography.Text strong>{t('settings.workingHours')}</Typography.Text>
      <Flex wrap gap={16} style={{ marginTop: 8 }}>
        {clock('start', 'settings.workStart')}
        {clock('lunchStart', 'settings.lunchStart')}
        {clock('lunchEnd', 'settings.lunchEnd')}
        {clock('end', 'settings.workEnd')}
      </Flex>
      <Button type="primary" htmlType="submit" loading={saving} data-testid="escalation-save">
        {t('common.save')}
      </Button>
    </Form>
  );
}
