import { ASSET_KINDS, MLPS_LEVELS } from '@shouwang/common';
import { App, Form, Input, Select, Space, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Asset } from '../../api/types.ts';
import { FormDrawer } from '../../components/FormDrawer.tsx';
import { UnitSelect } from '../../components/UnitSelect.tsx';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { type AssetFormValues, assetBody, listToLines } from './asset-form.ts';

/** Create (asset = null) or edit an asset. */
export function AssetDrawer({
  open,
  asset,
  onClose,
  onSaved,
}: {
  open: boolean;
  asset: Asset | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<AssetFormValues>();
  const [busy, setBusy] = useState(false);
  const kind = Form.useWatch('kind', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (asset) {
      form.setFieldsValue({
        name: asset.name,
        kind: asset.kind,
        unitId: asset.unitId,
        domains: listToLines(asset.domains),
        urls: listToLines(asset.urls),
        ips: listToLines(asset.ips),
        mlpsLevel: asset.mlpsLevel,
        isCii: asset.isCii,
        contactName: asset.contactName ?? '',
        contactPhone: asset.contactPhone ?? '',
        tags: asset.tags,
        notes: asset.notes ?? '',
      });
    } else {
      form.setFieldsValue({ kind: 'website', isCii: false, mlpsLevel: null, tags: [] });
    }
  }, [open, asset, form]);

  // CII-kind assets are always flagged CII; show it.
  useEffect(() => {
    if (kind === 'cii') form.setFieldValue('isCii', true);
  }, [kind, form]);

  const save = async (values: AssetFormValues) => {
    setBusy(true);
    try {
      const body = assetBody(values);
      if (asset) await api.PUT('/api/v1/assets/{id}', { params: { path: { id: asset.id } }, body });
      else await api.POST('/api/v1/assets', { body });
      message.success(asset ? t('common.saved') : t('common.created'));
      onSaved();
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };

  const required = { required: true, message: t('common.required') };
  return (
    <FormDrawer
      open={open}
      title={asset ? t('assets.edit') : t('assets.new')}
      busy={busy}
      onClose={onClose}
      onSave={() => form.submit()}
      saveTestId="asset-save"
      width={520}
    >
      <Form form={form} layout="vertical" onFinish={save} disabled={busy}>
        <Form.Item name="name" label={t('assets.name')} rules={[{ ...required, whitespace: true, max: 200 }]}>
          <Input data-testid="asset-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('assets.kind')} rules={[required]}>
          <Select
            options={ASSET_KINDS.map((k) => ({ value: k, label: label('assetKind', k) }))}
            data-testid="asset-kind"
          />
        </Form.Item>
        <Form.Item name="unitId" label={t('assets.unit')} rules={[required]}>
          <UnitSelect
            initialLabel={asset ? `${asset.unitName} · ${asset.regionName}` : null}
            allowClear={false}
            testId="asset-unit"
          />
        </Form.Item>
        <Form.Item name="domains" label={t('assets.domains')} extra={t('common.onePerLine')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="asset-domains" />
        </Form.Item>
        <Form.Item name="urls" label={t('assets.urls')} extra={t('common.onePerLine')}>
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 6 }}
            placeholder="https://"
            data-testid="asset-urls"
          />
        </Form.Item>
        <Form.Item name="ips" label={t('assets.ips')} extra={t('common.onePerLine')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} />
        </Form.Item>
        <Space wrap size="large">
          <Form.Item name="mlpsLevel" label={t('assets.mlpsLevel')}>
            <Select
              style={{ width: 140 }}
              options={[
                { value: null, label: t('assets.mlpsNone') },
                ...MLPS_LEVELS.map((l) => ({ value: l, label: t('home.mlpsLevel', { level: l }) })),
              ]}
            />
          </Form.Item>
          <Form.Item name="isCii" label={t('assets.isCii')} valuePropName="checked">
            <Switch disabled={kind === 'cii'} />
          </Form.Item>
        </Space>
        <Form.Item name="contactName" label={t('assets.contactName')} rules={[{ max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('assets.contactPhone')} rules={[{ max: 40 }]}>
          <Input inputMode="tel" />
        </Form.Item>
        <Form.Item name="tags" label={t('assets.tags')} extra={t('assets.tagsHint')}>
          <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', ' ']} />
        </Form.Item>
        <Form.Item name="notes" label={t('assets.notes')} rules={[{ max: 2000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
