import { Form, Input, Select, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { FormDrawer } from '../../components/FormDrawer.tsx';
import { UnitSelect } from '../../components/UnitSelect.tsx';
import { useShowError } from '../../components/useShowError.tsx';
import { enumLabel } from '../../i18n/catalogs.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import {
  type EventSource,
  isSyslog,
  parseSenders,
  SOURCE_KINDS,
  SOURCE_TRANSPORTS,
  type SourceTransport,
} from './sources-logic.ts';

interface FormValues {
  name: string;
  kind: (typeof SOURCE_KINDS)[number];
  unitId: number;
  assetId?: number | null;
  transport: SourceTransport;
  allowedSenders?: string;
  timezone: string;
  filePath?: string;
  enabled: boolean;
}

const ZONES = ['Asia/Shanghai', 'UTC', 'Asia/Hong_Kong', 'Asia/Urumqi', 'Europe/London', 'America/New_York'];

/** Registers or edits an event source; a new HTTP source's token is handed to `onSaved` (shown once). */
export function SourceFormDrawer({
  open,
  source,
  onClose,
  onSaved,
}: {
  open: boolean;
  source: EventSource | null;
  onClose: () => void;
  onSaved: (token: string | null) => void;
}) {
  const { t, locale } = useI18n();
  const showError = useShowError();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const transport = Form.useWatch('transport', form);
  const unitId = Form.useWatch('unitId', form);
  const [assets, setAssets] = useState<Array<{ value: number; label: string }>>([]);

  // The asset list follows the chosen unit: a source's asset must be one of its unit's.
  useEffect(() => {
    if (!unitId) {
      setAssets([]);
      return;
    }
    let current = true;
    api
      .GET('/api/v1/assets', { params: { query: { unitId, pageSize: 200 } } })
      .then(({ data }) => {
        if (current) setAssets((data?.items ?? []).map((a) => ({ value: a.id, label: a.name })));
      })
      .catch(() => {
        if (current) setAssets([]);
      });
    return () => {
      current = false;
    };
  }, [unitId]);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      source
        ? {
            name: source.name,
            kind: source.kind,
            unitId: source.unitId,
            assetId: source.assetId,
            transport: source.transport,
            allowedSenders: source.allowedSenders.join('\n'),
            timezone: source.timezone,
            filePath: source.filePath ?? undefined,
            enabled: source.enabled,
          }
        : { kind: 'syslog', transport: 'syslog_udp', timezone: 'Asia/Shanghai', enabled: true },
    );
  }, [open, source, form]);

  const save = async (v: FormValues) => {
    setBusy(true);
    const body = {
      name: v.name,
      kind: v.kind,
      unitId: v.unitId,
      assetId: v.assetId ?? null,
      transport: v.transport,
      allowedSenders: isSyslog(v.transport) ? parseSenders(v.allowedSenders ?? '') : [],
      timezone: v.timezone,
      filePath: v.transport === 'file' ? (v.filePath ?? null) : null,
      enabled: v.enabled,
    };
    try {
      const { data } = source
        ? await api.PATCH('/api/v1/events/sources/{id}', { params: { path: { id: source.id } }, body })
        : await api.POST('/api/v1/events/sources', { body });
      onSaved(data?.token ?? null);
    } catch (err) {
      // Field problems (bad network, unknown zone, path outside the tail directories) go under their field.
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormDrawer
      open={open}
      title={source ? t('sources.edit') : t('sources.add')}
      busy={busy}
      onClose={onClose}
      onSave={() => form.submit()}
      saveTestId="source-save"
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={save}
        onValuesChange={(changed: Partial<FormValues>) => {
          if ('unitId' in changed) form.setFieldValue('assetId', null);
        }}
      >
        <Form.Item name="name" label={t('sources.name')} rules={[{ required: true, max: 100 }]}>
          <Input data-testid="source-name" />
        </Form.Item>
        <Form.Item name="unitId" label={t('sources.unit')} rules={[{ required: true }]}>
          <UnitSelect testId="source-unit" allowClear={false} initialLabel={source?.unitName} />
        </Form.Item>
        <Form.Item name="kind" label={t('sources.kind')} rules={[{ required: true }]}>
          <Select
            data-testid="source-kind"
            options={SOURCE_KINDS.map((k) => ({ value: k, label: enumLabel(locale, 'sourceKind', k) }))}
          />
        </Form.Item>
        <Form.Item name="transport" label={t('sources.transport')} rules={[{ required: true }]}>
          <Select
            data-testid="source-transport"
            options={SOURCE_TRANSPORTS.map((k) => ({
              value: k,
              label: enumLabel(locale, 'sourceTransport', k),
            }))}
          />
        </Form.Item>
        {transport && isSyslog(transport) && (
          <Form.Item
            name="allowedSenders"
            label={t('sources.allowedSenders')}
            extra={t('sources.allowedSendersHelp')}
            rules={[{ required: true }]}
          >
            <Input.TextArea rows={3} placeholder="10.1.0.0/16" data-testid="source-senders" />
          </Form.Item>
        )}
        {transport === 'file' && (
          <Form.Item
            name="filePath"
            label={t('sources.filePath')}
            extra={t('sources.filePathHelp')}
            rules={[{ required: true }]}
          >
            <Input placeholder="/var/log/nginx/access.log" data-testid="source-file" />
          </Form.Item>
        )}
        <Form.Item name="timezone" label={t('sources.timezone')} extra={t('sources.timezoneHelp')}>
          <Select showSearch options={ZONES.map((z) => ({ value: z, label: z }))} />
        </Form.Item>
        <Form.Item name="assetId" label={t('sources.asset')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            options={assets}
            placeholder={source?.assetName ?? undefined}
            data-testid="source-asset"
          />
        </Form.Item>
        <Form.Item name="enabled" label={t('sources.enabled')} valuePropName="checked">
          <Switch data-testid="source-enabled" />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
