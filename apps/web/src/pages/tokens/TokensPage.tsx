import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Flex,
  Popconfirm,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { ApiToken } from '../../api/types.ts';
import { useMe } from '../../auth/AuthProvider.tsx';
import { RequireAbility } from '../../auth/RequireAuth.tsx';
import { SecretModal } from '../../components/SecretModal.tsx';
import { useShowError } from '../../components/useShowError.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { TokenCreateModal } from './TokenCreateModal.tsx';

export function TokensPage() {
  const me = useMe();
  return (
    <RequireAbility me={me} ability="manageTokens">
      <TokensView showAllOption={me.abilities.manageUsers} />
    </RequireAbility>
  );
}

function TokensView({ showAllOption }: { showAllOption: boolean }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [tokens, setTokens] = useState<ApiToken[]>([]);
  const [loading, setLoading] = useState(true);
  const [all, setAll] = useState(false);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const { data } = await api.GET('/api/v1/tokens', { params: { query: all ? { all: '1' } : {} } });
      setTokens(data?.items ?? []);
    } catch (err) {
      showError(err);
    } finally {
      setLoading(false);
    }
  }, [all, showError]);
  useEffect(() => {
    void load();
  }, [load]);

  const revoke = async (token: ApiToken) => {
    try {
      await api.DELETE('/api/v1/tokens/{id}', { params: { path: { id: token.id } } });
      message.success(t('tokens.revokedDone'));
      await load();
    } catch (err) {
      showError(err);
    }
  };

  const status = (token: ApiToken) =>
    token.revokedAt ? (
      <Tag>{t('tokens.revoked')}</Tag>
    ) : token.expired ? (
      <Tag color="orange">{t('tokens.expired')}</Tag>
    ) : (
      <Tag color="green">{t('tokens.active')}</Tag>
    );

  const columns: TableColumnsType<ApiToken> = [
    { title: t('tokens.name'), dataIndex: 'name', key: 'name', fixed: 'left', width: 160 },
    {
      title: t('tokens.prefix'),
      dataIndex: 'prefix',
      key: 'prefix',
      width: 120,
      render: (p: string) => <Typography.Text code>{p}…</Typography.Text>,
    },
    { title: t('tokens.status'), key: 'status', width: 90, render: (_, token) => status(token) },
    {
      title: t('tokens.scopes'),
      dataIndex: 'scopes',
      key: 'scopes',
      width: 260,
      render: (scopes: string[]) =>
        scopes.map((s) => (
          <Tag key={s} title={s}>
            {label('scope', s)}
          </Tag>
        )),
    },
    ...(all ? [{ title: t('tokens.owner'), dataIndex: 'ownerUsername', key: 'owner', width: 120 }] : []),
    {
      title: t('tokens.expiresAt'),
      dataIndex: 'expiresAt',
      key: 'expiresAt',
      width: 150,
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t('tokens.lastUsed'),
      key: 'lastUsed',
      width: 200,
      render: (_, token) =>
        token.lastUsedAt
          ? `${formatDateTime(token.lastUsedAt)} ${token.lastUsedIp ?? ''}`
          : t('tokens.never'),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_, token) =>
        token.abilities.revoke && (
          <Popconfirm
            title={t('tokens.confirmRevoke', { name: token.name })}
            okButtonProps={{ danger: true }}
            onConfirm={() => revoke(token)}
          >
            <Button type="link" size="small" danger data-testid={`token-revoke-${token.id}`}>
              {t('tokens.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Card title={t('tokens.title')} size="small">
      <Typography.Paragraph type="secondary">{t('tokens.intro')}</Typography.Paragraph>
      <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
        {showAllOption && (
          <Checkbox checked={all} onChange={(e) => setAll(e.target.checked)} data-testid="tokens-all">
            {t('tokens.showAll')}
          </Checkbox>
        )}
        <div style={{ flex: 1 }} />
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          data-testid="token-new"
        >
          {t('tokens.new')}
        </Button>
      </Flex>
      <Table<ApiToken>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={tokens}
        loading={loading}
        scroll={{ x: 1000 }}
        pagination={false}
      />
      <TokenCreateModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(name, token) => {
          setCreating(false);
          setCreated({ name, token });
          void load();
        }}
      />
      <SecretModal
        open={created !== null}
        title={t('tokens.createdTitle')}
        warning={t('tokens.createdWarning')}
        secret={created?.token ?? ''}
        onClose={() => setCreated(null)}
        testId="token-secret"
      />
    </Card>
  );
}
