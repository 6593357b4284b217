import { UNIT_KINDS } from '@shouwang/common';
import { App, Form, Input, Select, Switch, TreeSelect } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Unit, UnitInput } from '../../api/types.ts';
import { FormDrawer } from '../../components/FormDrawer.tsx';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { TreeData } from './region-tree.ts';

interface Values {
  name: string;
  regionId: number;
  kind: UnitInput['kind'];
  creditCode?: string;
  contactName?: string;
  contactPhone?: string;
  contactEmail?: string;
  leaderName?: string;
  isCii: boolean;
}

const orNull = (v: string | undefined) => (v?.trim() ? v.trim() : null);

/** Create (unit = null) or edit a unit. */
export function UnitDrawer({
  open,
  unit,
  defaultRegionId,
  regionTree,
  onClose,
  onSaved,
}: {
  open: boolean;
  unit: Unit | null;
  defaultRegionId: number | null;
  regionTree: TreeData[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (unit) {
      form.setFieldsValue({
        name: unit.name,
        regionId: unit.regionId,
        kind: unit.kind as Values['kind'],
        creditCode: unit.creditCode ?? '',
        contactName: unit.contactName ?? '',
        contactPhone: unit.contactPhone ?? '',
        contactEmail: unit.contactEmail ?? '',
        leaderName: unit.leaderName ?? '',
        isCii: unit.isCii,
      });
    } else {
      form.setFieldsValue({
        isCii: false,
        kind: 'government',
        ...(defaultRegionId ? { regionId: defaultRegionId } : {}),
      });
    }
  }, [open, unit, defaultRegionId, form]);

  const save = async (v: Values) => {
    const body: UnitInput = {
      name: v.name.trim(),
      regionId: v.regionId,
      kind: v.kind,
      creditCode: orNull(v.creditCode),
      contactName: orNull(v.contactName),
      contactPhone: orNull(v.contactPhone),
      contactEmail: orNull(v.contactEmail),
      leaderName: orNull(v.leaderName),
      isCii: v.isCii,
    };
    setBusy(true);
    try {
      if (unit) await api.PUT('/api/v1/units/{id}', { params: { path: { id: unit.id } }, body });
      else await api.POST('/api/v1/units', { body });
      message.success(unit ? t('common.saved') : t('common.created'));
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
      title={unit ? t('org.editUnit') : t('org.newUnit')}
      busy={busy}
      onClose={onClose}
      onSave={() => form.submit()}
      saveTestId="unit-save"
    >
      <Form form={form} layout="vertical" onFinish={save} disabled={busy}>
        <Form.Item
          name="name"
          label={t('org.unitName')}
          rules={[{ ...required, whitespace: true, max: 200 }]}
        >
          <Input data-testid="unit-name" />
        </Form.Item>
        <Form.Item name="regionId" label={t('org.region')} rules={[required]}>
          <TreeSelect
            treeData={regionTree}
            treeDefaultExpandAll
            showSearch={{ treeNodeFilterProp: 'title' }}
            data-testid="unit-region"
          />
        </Form.Item>
        <Form.Item name="kind" label={t('org.kind')} rules={[required]}>
          <Select options={UNIT_KINDS.map((k) => ({ value: k, label: label('unitKind', k) }))} />
        </Form.Item>
        <Form.Item
          name="creditCode"
          label={t('org.creditCode')}
          normalize={(v: string) => v.toUpperCase()}
          rules={[{ pattern: /^[0-9A-HJ-NPQRTUWXY]{18}$/, message: t('org.creditCodeInvalid') }]}
        >
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item name="isCii" label={t('org.isCii')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="leaderName" label={t('org.leaderName')} rules={[{ max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="contactName" label={t('org.contactName')} rules={[{ max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('org.contactPhone')} rules={[{ max: 40 }]}>
          <Input inputMode="tel" />
        </Form.Item>
        <Form.Item
          name="contactEmail"
          label={t('org.contactEmail')}
          rules={[{ type: 'email', message: t('common.invalidEmail') }]}
        >
          <Input inputMode="email" />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
