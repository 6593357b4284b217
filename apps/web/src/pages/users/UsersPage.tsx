import { EditOutlined, MoreOutlined, PlusOutlined } from '@ant-design/icons';
import { ROLES } from '@shouwang/common';
import {
  App,
  Button,
  Card,
  Dropdown,
  Flex,
  Input,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  TreeSelect,
} from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { User, UserQuery } from '../../api/types.ts';
import { useMe } from '../../auth/AuthProvider.tsx';
import { RequireAbility } from '../../auth/RequireAuth.tsx';
import { SecretModal } from '../../components/SecretModal.tsx';
import { compactQuery, sortOrderOf, tableChangeToQuery } from '../../components/table-query.ts';
import { usePagedList } from '../../components/usePagedList.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useRegions } from '../org/useRegions.ts';
import { UserDrawer } from './UserDrawer.tsx';

const SORTABLE = ['username', 'displayName', 'role', 'createdAt', 'lastLoginAt'] as const;
const STATUSES = ['active', 'locked', 'disabled'] as const;
const STATUS_COLOR: Record<string, string> = { active: 'green', locked: 'orange', disabled: 'default' };
const FIRST_PAGE: UserQuery = { page: 1, pageSize: 20 };

async function loadUsers(query: UserQuery) {
  const { data } = await api.GET('/api/v1/users', { params: { query: compactQuery(query) } });
  return data ?? { items: [], total: 0 };
}

export function UsersPage() {
  const me = useMe();
  return (
    <RequireAbility me={me} ability="manageUsers">
      <UsersView />
    </RequireAbility>
  );
}

function UsersView() {
  const { t, label } = useI18n();
  const { message, modal } = App.useApp();
  const showError = useShowError();
  const regions = useRegions();
  const list = usePagedList(loadUsers, FIRST_PAGE);
  const { query, setQuery } = list;
  const [editing, setEditing] = useState<{ user: User | null } | null>(null);
  const [secret, setSecret] = useState<{ name: string; password: string } | null>(null);

  const act = (user: User, key: string) => {
    const id = { params: { path: { id: user.id } } };
    if (key === 'unlock') {
      api
        .POST('/api/v1/users/{id}/unlock', id)
        .then(() => {
          message.success(t('users.unlocked'));
          list.reload();
        })
        .catch(showError);
    }
    if (key === 'resetPassword') {
      modal.confirm({
        title: t('users.confirmResetPassword', { name: user.displayName }),
        okButtonProps: { danger: true },
        onOk: () =>
          api
            .POST('/api/v1/users/{id}/reset-password', id)
            .then(({ data }) => {
              if (data) setSecret({ name: user.displayName, password: data.initialPassword });
              list.reload();
            })
            .catch(showError),
      });
    }
    if (key === 'resetTotp') {
      modal.confirm({
        title: t('users.confirmResetTotp', { name: user.displayName }),
        okButtonProps: { danger: true },
        onOk: () =>
          api
            .POST('/api/v1/users/{id}/reset-totp', id)
            .then(() => {
              message.success(t('users.totpReset'));
              list.reload();
            })
            .catch(showError),
      });
    }
  };

  const columns: TableColumnsType<User> = [
    {
      title: t('users.username'),
      dataIndex: 'username',
      key: 'username',
      sorter: true,
      sortOrder: sortOrderOf(query, 'username'),
      fixed: 'left',
      width: 130,
    },
    {
      title: t('users.displayName'),
      dataIndex: 'displayName',
      key: 'displayName',
      sorter: true,
      sortOrder: sortOrderOf(query, 'displayName'),
      width: 120,
    },
    {
      title: t('users.role'),
      dataIndex: 'role',
      key: 'role',
      sorter: true,
      sortOrder: sortOrderOf(query, 'role'),
      width: 130,
      render: (r: string) => label('role', r),
    },
    { title: t('users.region'), dataIndex: 'regionName', key: 'region', width: 120 },
    { title: t('users.unit'), dataIndex: 'unitName', key: 'unit', width: 160 },
    {
      title: t('users.status'),
      dataIndex: 'status',
      key: 'status',
      width: 90,
      render: (s: string) => <Tag color={STATUS_COLOR[s]}>{label('userStatus', s)}</Tag>,
    },
    {
      title: t('users.totp'),
      dataIndex: 'totpEnabled',
      key: 'totp',
      width: 90,
      render: (v: boolean) =>
        v ? <Tag color="green">{t('account.totpOn')}</Tag> : <Tag>{t('account.totpOff')}</Tag>,
    },
    {
      title: t('users.lastLogin'),
      dataIndex: 'lastLoginAt',
      key: 'lastLoginAt',
      sorter: true,
      sortOrder: sortOrderOf(query, 'lastLoginAt'),
      width: 150,
      render: (v: string | null) => formatDateTime(v),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      render: (_, user) => {
        const more: { key: string; label: string }[] = [];
        if (user.abilities.unlock) more.push({ key: 'unlock', label: t('users.unlock') });
        if (user.abilities.resetPassword)
          more.push({ key: 'resetPassword', label: t('users.resetPassword') });
        if (user.abilities.resetTotp) more.push({ key: 'resetTotp', label: t('users.resetTotp') });
        return (
          <Space size={0}>
            {user.abilities.update && (
              <Button
                type="link"
                size="small"
                icon={<EditOutlined />}
                aria-label={t('common.edit')}
                onClick={() => setEditing({ user })}
              />
            )}
            {more.length > 0 && (
              <Dropdown trigger={['click']} menu={{ items: more, onClick: ({ key }) => act(user, key) }}>
                <Button
                  type="link"
                  size="small"
                  icon={<MoreOutlined />}
                  aria-label={t('users.more')}
                  data-testid={`user-more-${user.username}`}
                />
              </Dropdown>
            )}
          </Space>
        );
      },
    },
  ];

  return (
    <Card title={t('users.title')} size="small">
      <Flex wrap gap={8} style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('users.search')}
          onSearch={(q) => setQuery({ q: q.trim() || undefined })}
          style={{ width: 220 }}
          data-testid="users-search"
        />
        <Select
          allowClear
          placeholder={t('users.role')}
          style={{ width: 150 }}
          options={ROLES.map((r) => ({ value: r, label: label('role', r) }))}
          onChange={(role?: UserQuery['role']) => setQuery({ role })}
        />
        <TreeSelect
          allowClear
          placeholder={t('users.region')}
          style={{ width: 160 }}
          treeData={regions.treeData}
          treeDefaultExpandAll
          onChange={(regionId?: number) => setQuery({ regionId })}
        />
        <Select
          allowClear
          placeholder={t('users.status')}
          style={{ width: 110 }}
          options={STATUSES.map((s) => ({ value: s, label: label('userStatus', s) }))}
          onChange={(status?: UserQuery['status']) => setQuery({ status })}
        />
        <div style={{ flex: 1 }} />
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing({ user: null })}
          data-testid="user-new"
        >
          {t('users.new')}
        </Button>
      </Flex>
      <Table<User>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        scroll={{ x: 1050 }}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: list.total,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
        }}
        onChange={(pagination, _f, sorter) => setQuery(tableChangeToQuery(pagination, sorter, SORTABLE))}
      />
      <UserDrawer
        open={editing !== null}
        user={editing?.user ?? null}
        regionTree={regions.treeData}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          list.reload();
        }}
        onCreated={(user, initialPassword) => {
          setEditing(null);
          message.success(t('common.created'));
          if (initialPassword) setSecret({ name: user.displayName, password: initialPassword });
          list.reload();
        }}
      />
      <SecretModal
        open={secret !== null}
        title={t('users.initialPasswordTitle')}
        warning={t('users.initialPasswordHint', { name: secret?.name ?? '' })}
        secret={secret?.password ?? ''}
        onClose={() => setSecret(null)}
        testId="initial-password"
      />
    </Card>
  );
}
