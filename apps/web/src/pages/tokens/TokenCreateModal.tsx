import { Checkbox, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { ApiScope } from '../../api/types.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';

export const API_SCOPES = [
  'org:read',
  'org:write',
  'users:read',
  'users:write',
  'assets:read',
  'assets:write',
  'audit:read',
] as const satisfies readonly ApiScope[];
type Scope = (typeof API_SCOPES)[number];

const VALIDITY_DAYS = [30, 90, 180, 365];

interface Values {
  name: string;
  scopes: Scope[];
  expiresInDays: number;
}

/** Asks for name, scopes and validity; hands the one-time token text to onCreated. */
export function TokenCreateModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (name: string, token: string) => void;
}) {
  const { t, label } = useI18n();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  const save = async (values: Values) => {
    setBusy(true);
    try {
      const { data } = await api.POST('/api/v1/tokens', {
        body: { name: values.name.trim(), scopes: values.scopes, expiresInDays: values.expiresInDays },
      });
      form.resetFields();
      if (data) onCreated(data.name, data.token);
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('tokens.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      forceRender
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{ expiresInDays: 90, scopes: ['assets:read'] }}
      >
        <Form.Item
          name="name"
          label={t('tokens.name')}
          rules={[{ required: true, whitespace: true, max: 100, message: t('common.required') }]}
        >
          <Input data-testid="token-name" />
        </Form.Item>
        <Form.Item
          name="scopes"
          label={t('tokens.scopes')}
          rules={[{ required: true, type: 'array', min: 1, message: t('tokens.scopesRequired') }]}
        >
          <Checkbox.Group
            style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(170px, 1fr))', gap: 4 }}
            options={API_SCOPES.map((s) => ({ value: s, label: `${label('scope', s)} (${s})` }))}
            data-testid="token-scopes"
          />
        </Form.Item>
        <Form.Item name="expiresInDays" label={t('tokens.expiresInDays')} rules={[{ required: true }]}>
          <Select
            options={VALIDITY_DAYS.map((d) => ({ value: d, label: t('tokens.days', { days: d }) }))}
            style={{ width: 160 }}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
