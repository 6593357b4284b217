import { App, Form, Input, Alert as Notice } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { FormDrawer } from '../../components/FormDrawer.tsx';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { RuleDetail } from './events-types.ts';

const TEMPLATE = `title: 
id: 
status: experimental
level: medium
logsource:
    category: webserver
detection:
    selection:
        url.path|contains: ''
    condition: selection
`;

/** Writes a new rule (id null) or edits a stored one's YAML; the engine's reasons show after saving. */
export function RuleDrawer({
  open,
  id,
  onClose,
  onSaved,
}: {
  open: boolean;
  id: number | null;
  onClose: () => void;
  onSaved: (rule: RuleDetail) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<{ yaml: string }>();
  const [busy, setBusy] = useState(false);
  const [rule, setRule] = useState<RuleDetail | null>(null);

  useEffect(() => {
    if (!open) return;
    setRule(null);
    form.setFieldsValue({ yaml: TEMPLATE });
    if (id === null) return;
    api
      .GET('/api/v1/events/rules/{id}', { params: { path: { id } } })
      .then(({ data }) => {
        if (!data) return;
        setRule(data);
        form.setFieldsValue({ yaml: data.yaml });
      })
      .catch(showError);
  }, [open, id, form, showError]);

  const save = async ({ yaml }: { yaml: string }) => {
    setBusy(true);
    try {
      const { data } =
        id === null
          ? await api.POST('/api/v1/events/rules', { body: { yaml } })
          : await api.PUT('/api/v1/events/rules/{id}', {
              params: { path: { id } },
              body: { yaml, version: rule?.version ?? 1 },
            });
      if (!data) return;
      setRule(data);
      message.success(t('rules.saved'));
      onSaved(data);
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormDrawer
      open={open}
      title={id === null ? t('rules.add') : t('rules.edit')}
      busy={busy}
      onClose={onClose}
      onSave={() => form.submit()}
      saveTestId="rule-save"
      width={720}
    >
      {rule && rule.problems.length > 0 && (
        <Notice
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('rules.problems')}
          description={rule.problems.map((p) => (
            <div key={`${p.source}-${p.reason}`}>
              {p.title ?? p.source}: {p.reason}
            </div>
          ))}
        />
      )}
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
        <Form.Item
          name="yaml"
          label={t('rules.yaml')}
          rules={[{ required: true, whitespace: true, message: t('rules.yamlRequired') }]}
        >
          <Input.TextArea
            rows={24}
            spellCheck={false}
            style={{ fontFamily: 'monospace', fontSize: 12 }}
            data-testid="rule-yaml"
          />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
