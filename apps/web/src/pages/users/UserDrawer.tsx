import { ROLES, type Role, UNIT_ROLES } from '@shouwang/common';
import { App, Form, Input, Select, Switch, TreeSelect } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { User } from '../../api/types.ts';
import { FormDrawer } from '../../components/FormDrawer.tsx';
import { UnitSelect } from '../../components/UnitSelect.tsx';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { TreeData } from '../org/region-tree.ts';

interface Values {
  username: string;
  displayName: string;
  role: Role;
  regionId: number;
  unitId: number | null;
  email?: string;
  phone?: string;
  disabled: boolean;
}

const orNull = (v: string | undefined) => (v?.trim() ? v.trim() : null);

/** Create (user = null) or edit a user; a new user's one-time password goes to onCreated. */
export function UserDrawer({
  open,
  user,
  regionTree,
  onClose,
  onSaved,
  onCreated,
}: {
  open: boolean;
  user: User | null;
  regionTree: TreeData[];
  onClose: () => void;
  onSaved: () => void;
  onCreated: (user: User, initialPassword: string | undefined) => void;
}) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const role = Form.useWatch('role', form);
  const unitRole = role !== undefined && UNIT_ROLES.includes(role);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (user) {
      form.setFieldsValue({
        username: user.username,
        displayName: user.displayName,
        role: user.role,
        regionId: user.regionId,
        unitId: user.unitId,
        email: user.email ?? '',
        phone: user.phone ?? '',
        disabled: user.disabled,
      });
    } else {
      form.setFieldsValue({ role: 'unit_handler', unitId: null, disabled: false });
    }
  }, [open, user, form]);

  const save = async (v: Values) => {
    const common = {
      displayName: v.displayName.trim(),
      role: v.role,
      regionId: v.regionId,
      unitId: UNIT_ROLES.includes(v.role) ? v.unitId : null,
      email: orNull(v.email),
      phone: orNull(v.phone),
    };
    setBusy(true);
    try {
      if (user) {
        await api.PUT('/api/v1/users/{id}', {
          params: { path: { id: user.id } },
          body: { ...common, disabled: v.disabled },
        });
        message.success(t('common.saved'));
        onSaved();
      } else {
        const { data } = await api.POST('/api/v1/users', {
          body: { ...common, username: v.username.trim() },
        });
        if (data) onCreated(data.user, data.initialPassword);
      }
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
      title={user ? t('users.edit') : t('users.new')}
      busy={busy}
      onClose={onClose}
      onSave={() => form.submit()}
      saveTestId="user-save"
    >
      <Form form={form} layout="vertical" onFinish={save} disabled={busy}>
        <Form.Item
          name="username"
          label={t('users.username')}
          extra={user ? undefined : t('users.usernameHint')}
          rules={[required, { pattern: /^[a-zA-Z0-9_.-]{3,64}$/, message: t('users.usernameHint') }]}
        >
          <Input disabled={Boolean(user)} autoComplete="off" data-testid="user-username" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[{ ...required, whitespace: true, max: 100 }]}
        >
          <Input data-testid="user-display-name" />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[required]}>
          <Select
            disabled={Boolean(user && !user.abilities.changeRole)}
            options={ROLES.map((r) => ({ value: r, label: label('role', r) }))}
            data-testid="user-role"
          />
        </Form.Item>
        {unitRole && (
          <Form.Item
            name="unitId"
            label={t('users.unit')}
            rules={[{ required: true, message: t('users.unitRequired') }]}
          >
            <UnitSelect
              initialLabel={user?.unitName}
              testId="user-unit"
              onChange={(_id, unit) => {
                if (unit) form.setFieldsValue({ regionId: unit.regionId });
              }}
            />
          </Form.Item>
        )}
        <Form.Item name="regionId" label={t('users.region')} rules={[required]}>
          <TreeSelect
            treeData={regionTree}
            treeDefaultExpandAll
            showSearch={{ treeNodeFilterProp: 'title' }}
            disabled={unitRole}
            data-testid="user-region"
          />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('users.email')}
          rules={[{ type: 'email', message: t('common.invalidEmail') }]}
        >
          <Input inputMode="email" />
        </Form.Item>
        <Form.Item name="phone" label={t('users.phone')} rules={[{ max: 40 }]}>
          <Input inputMode="tel" />
        </Form.Item>
        {user && (
          <Form.Item name="disabled" label={t('enum.userStatus.disabled')} valuePropName="checked">
            <Switch disabled={!user.abilities.disable} />
          </Form.Item>
        )}
      </Form>
    </FormDrawer>
  );
}
