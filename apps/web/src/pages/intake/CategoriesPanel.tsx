import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Flex,
  Form,
  Input,
  Popconfirm,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { FormDrawer } from '../../components/FormDrawer.tsx';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { ReportCategory } from './category-logic.ts';
import { useReportCategories } from './useReportCategories.ts';

interface CategoryForm {
  code: string;
  nameZh: string;
  nameEn: string;
}

/**
 * The report categories citizens choose from: the shipped ones (read-only) and the office's own, which
 * the administrators of the one public page add, rename, switch off and on, and delete while unused.
 */
export function CategoriesPanel() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const { list, items, reload } = useReportCategories();
  const [editing, setEditing] = useState<ReportCategory | 'new' | null>(null);
  const [busy, setBusy] = useState(false);
  const [toggling, setToggling] = useState<string | null>(null);
  const [form] = Form.useForm<CategoryForm>();

  const open = (c: ReportCategory | 'new') => {
    form.resetFields();
    if (c !== 'new') form.setFieldsValue({ code: c.code, nameZh: c.nameZh, nameEn: c.nameEn });
    setEditing(c);
  };

  const save = async (v: CategoryForm) => {
    if (!editing) return;
    setBusy(true);
    try {
      if (editing === 'new') {
        await api.POST('/api/v1/intake/categories', {
          body: { code: v.code.trim(), nameZh: v.nameZh, nameEn: v.nameEn },
        });
      } else {
        await api.PATCH('/api/v1/intake/categories/{code}', {
          params: { path: { code: editing.code } },
          body: { nameZh: v.nameZh, nameEn: v.nameEn },
        });
      }
      message.success(t('common.saved'));
      setEditing(null);
      await reload();
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };

  const setActive = async (c: ReportCategory, active: boolean) => {
    setToggling(c.code);
    try {
      await api.PATCH('/api/v1/intake/categories/{code}', {
        params: { path: { code: c.code } },
        body: { active },
      });
      message.success(active ? t('intake.categories.activated') : t('intake.categories.deactivated'));
      await reload();
    } catch (err) {
      showError(err);
    } finally {
      setToggling(null);
    }
  };

  const remove = async (c: ReportCategory) => {
    try {
      await api.DELETE('/api/v1/intake/categories/{code}', { params: { path: { code: c.code } } });
      message.success(t('common.deleted'));
      await reload();
    } catch (err) {
      showError(err);
    }
  };

  const columns: TableColumnsType<ReportCategory> = [
    {
      title: t('intake.categories.code'),
      dataIndex: 'code',
      width: 180,
      render: (code: string) => <Typography.Text code>{code}</Typography.Text>,
    },
    { title: t('intake.categories.nameZh'), dataIndex: 'nameZh' },
    { title: t('intake.categories.nameEn'), dataIndex: 'nameEn' },
    {
      title: t('intake.categories.source'),
      dataIndex: 'shipped',
      width: 140,
      render: (shipped: boolean) =>
        shipped ? (
          <Tag>{t('intake.categories.shipped')}</Tag>
        ) : (
          <Tag color="blue">{t('intake.categories.own')}</Tag>
        ),
    },
    {
      title: t('intake.categories.active'),
      dataIndex: 'active',
      width: 130,
      render: (active: boolean, c) =>
        c.abilities.update ? (
          <Switch
            checked={active}
            loading={toggling === c.code}
            onChange={(on) => setActive(c, on)}
            aria-label={t('intake.categories.active')}
            data-testid={`category-active-${c.code}`}
          />
        ) : (
          <Tag color={active ? 'green' : 'default'} data-testid={`category-state-${c.code}`}>
            {active ? t('intake.categories.active') : t('intake.categories.inactive')}
          </Tag>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      render: (_: unknown, c) =>
        c.shipped || !c.abilities.update ? null : (
          <Space size={0}>
            <Tooltip title={t('common.edit')}>
              <Button
                type="text"
                icon={<EditOutlined />}
                aria-label={t('common.edit')}
                onClick={() => open(c)}
                data-testid={`category-edit-${c.code}`}
              />
            </Tooltip>
            {c.abilities.delete ? (
              <Popconfirm
                title={t('intake.categories.deleteConfirm')}
                okText={t('common.delete')}
                okButtonProps={{ danger: true, 'data-testid': 'category-delete-ok' }}
                onConfirm={() => remove(c)}
              >
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('common.delete')}
                  data-testid={`category-delete-${c.code}`}
                />
              </Popconfirm>
            ) : (
              <Tooltip title={t('intake.categories.inUse')}>
                <Button type="text" disabled icon={<DeleteOutlined />} aria-label={t('common.delete')} />
              </Tooltip>
            )}
          </Space>
        ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('intake.categories.help')}
      </Typography.Paragraph>
      {list && !list.abilities.create && (
        <Alert type="info" showIcon title={t('intake.categories.readOnly')} />
      )}
      {list?.abilities.create && (
        <Flex>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => open('new')}
            data-testid="category-new"
          >
            {t('intake.categories.new')}
          </Button>
        </Flex>
      )}
      <Table<ReportCategory>
        rowKey="code"
        size="middle"
        loading={!list}
        columns={columns}
        dataSource={items}
        pagination={false}
        scroll={{ x: 860 }}
        data-testid="categories-table"
      />
      <FormDrawer
        open={editing !== null}
        title={editing === 'new' ? t('intake.categories.new') : t('intake.categories.edit')}
        busy={busy}
        onClose={() => setEditing(null)}
        onSave={() => form.submit()}
        saveTestId="category-save"
      >
        <Form form={form} layout="vertical" onFinish={save} requiredMark>
          <Form.Item
            name="code"
            label={t('intake.categories.code')}
            extra={t('intake.categories.codeHelp')}
            rules={[
              { required: true },
              { pattern: /^\s*[a-z0-9_]{2,64}\s*$/, message: t('intake.categories.codeHelp') },
            ]}
          >
            <Input maxLength={64} disabled={editing !== 'new'} data-testid="category-code" />
          </Form.Item>
          <Form.Item
            name="nameZh"
            label={t('intake.categories.nameZh')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={100} data-testid="category-name-zh" />
          </Form.Item>
          <Form.Item
            name="nameEn"
            label={t('intake.categories.nameEn')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={100} data-testid="category-name-en" />
          </Form.Item>
        </Form>
      </FormDrawer>
    </Flex>
  );
}
