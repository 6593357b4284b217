import { Alert, App, Button, Card, Flex, Form, InputNumber, Skeleton, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { fromMb, type PublicFormSettings, toMb } from './settings-logic.ts';

interface PublicForm {
  contact: { nameRequired: boolean; phoneRequired: boolean };
  uploads: { maxFiles: number; maxFileMb: number; maxTotalMb: number };
}

/** The server names bytes; the form shows megabytes. */
const RENAME = { 'uploads.maxFileBytes': 'uploads.maxFileMb', 'uploads.maxTotalBytes': 'uploads.maxTotalMb' };

function toForm(s: PublicFormSettings): PublicForm {
  return {
    contact: s.contact,
    uploads: {
      maxFiles: s.uploads.maxFiles,
      maxFileMb: toMb(s.uploads.maxFileBytes),
      maxTotalMb: toMb(s.uploads.maxTotalBytes),
    },
  };
}

/** What the citizens' public page asks for: contact fields required or optional, and the upload limits. */
export function PublicFormPanel() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [settings, setSettings] = useState<PublicFormSettings | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<PublicForm>();

  useEffect(() => {
    api
      .GET('/api/v1/intake/public-form')
      .then(({ data }) => {
        if (!data) return;
        setSettings(data);
        form.setFieldsValue(toForm(data));
      })
      .catch(showError);
  }, [form, showError]);

  const save = async (v: PublicForm) => {
    setSaving(true);
    try {
      const { data } = await api.PUT('/api/v1/intake/public-form', {
        body: {
          contact: v.contact,
          uploads: {
            maxFiles: v.uploads.maxFiles,
            maxFileBytes: fromMb(v.uploads.maxFileMb),
            maxTotalBytes: fromMb(v.uploads.maxTotalMb),
          },
        },
      });
      if (data) {
        setSettings(data);
        form.setFieldsValue(toForm(data));
      }
      message.success(t('common.saved'));
    } catch (err) {
      showError(err, form, RENAME);
    } finally {
      setSaving(false);
    }
  };

  if (!settings) return <Skeleton active />;
  const editable = settings.abilities.update;
  const totalRule = ({ getFieldValue }: { getFieldValue: (name: string[]) => unknown }) => ({
    validator: async (_: unknown, total: unknown) => {
      const perFile = getFieldValue(['uploads', 'maxFileMb']);
      if (typeof total === 'number' && typeof perFile === 'number' && total < perFile)
        throw new Error(t('intake.publicForm.totalBelowFile'));
    },
  });
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={save}
      disabled={!editable}
      style={{ maxWidth: 720 }}
      data-testid="public-form-settings"
    >
      <Flex vertical gap={12}>
        <Alert type="info" showIcon title={t('intake.publicForm.help')} />
        <Card size="small" title={t('intake.publicForm.contact')}>
          <Form.Item
            name={['contact', 'nameRequired']}
            label={t('intake.publicForm.nameRequired')}
            valuePropName="checked"
          >
            <Switch data-testid="public-form-name-required" />
          </Form.Item>
          <Form.Item
            name={['contact', 'phoneRequired']}
            label={t('intake.publicForm.phoneRequired')}
            valuePropName="checked"
            extra={t('intake.publicForm.phoneNote')}
          >
            <Switch data-testid="public-form-phone-required" />
          </Form.Item>
        </Card>
        <Card size="small" title={t('intake.publicForm.uploads')}>
          <Flex gap={16} wrap>
            <Form.Item
              name={['uploads', 'maxFiles']}
              label={t('intake.publicForm.maxFiles')}
              rules={[{ required: true }]}
            >
              <InputNumber min={0} max={20} precision={0} data-testid="public-form-max-files" />
            </Form.Item>
            <Form.Item
              name={['uploads', 'maxFileMb']}
              label={t('intake.publicForm.maxFileMb')}
              rules={[{ required: true }]}
            >
              <InputNumber min={0.01} max={50} step={1} data-testid="public-form-max-file" />
            </Form.Item>
            <Form.Item
              name={['uploads', 'maxTotalMb']}
              label={t('intake.publicForm.maxTotalMb')}
              dependencies={[['uploads', 'maxFileMb']]}
              rules={[{ required: true }, totalRule]}
            >
              <InputNumber min={0.01} max={200} step={1} data-testid="public-form-max-total" />
            </Form.Item>
          </Flex>
          <Typography.Text type="secondary">{t('intake.files.note')}</Typography.Text>
        </Card>
        {editable && (
          <Flex>
            <Button type="primary" htmlType="submit" loading={saving} data-testid="public-form-save">
              {t('common.save')}
            </Button>
          </Flex>
        )}
      </Flex>
    </Form>
  );
}
