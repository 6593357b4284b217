import { DeleteOutlined, SaveOutlined, StarOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Form, Input, Modal, Popconfirm, Space } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { filtersToView, type NoticeFilters, parseSavedFilters } from './notice-filters.ts';
import type { SavedView } from './notice-types.ts';

const PAGE = 'notices';

/** The user's saved filter sets for the notice list: pick one, save the current filters, delete one. */
export function SavedViews({
  filters,
  onPick,
}: {
  filters: NoticeFilters;
  onPick: (filters: NoticeFilters) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [views, setViews] = useState<SavedView[]>([]);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ name: string }>();

  const load = useCallback(async () => {
    try {
      const { data } = await api.GET('/api/v1/saved-views', { params: { query: { page: PAGE } } });
      setViews(data ?? []);
    } catch (err) {
      showError(err);
    }
  }, [showError]);
  useEffect(() => {
    void load();
  }, [load]);

  const save = async ({ name }: { name: string }) => {
    try {
      await api.POST('/api/v1/saved-views', {
        body: { page: PAGE, name: name.trim(), query: filtersToView(filters) },
      });
      message.success(t('notices.viewSaved', { name: name.trim() }));
      setSaving(false);
      form.resetFields();
      void load();
    } catch (err) {
      showError(err, form);
    }
  };

  const remove = async (view: SavedView) => {
    try {
      await api.DELETE('/api/v1/saved-views/{id}', { params: { path: { id: view.id } } });
      void load();
    } catch (err) {
      showError(err);
    }
  };

  const items = views.map((v) => ({
    key: String(v.id),
    label: (
      <Space style={{ width: '100%', justifyContent: 'space-between' }} data-testid={`view-${v.id}`}>
        <span>{v.name}</span>
        <Popconfirm
          title={t('notices.confirmDeleteView', { name: v.name })}
          okButtonProps={{ danger: true }}
          onConfirm={() => remove(v)}
          onPopupClick={(e) => e.stopPropagation()}
        >
          <Button
            type="text"
            size="small"
            danger
            icon={<DeleteOutlined />}
            aria-label={t('notices.deleteView')}
            onClick={(e) => e.stopPropagation()}
            data-testid={`view-delete-${v.id}`}
          />
        </Popconfirm>
      </Space>
    ),
  }));

  return (
    <>
      <Space.Compact>
        <Dropdown
          trigger={['click']}
          disabled={views.length === 0}
          menu={{
            items,
            onClick: ({ key }) => {
              const view = views.find((v) => String(v.id) === key);
              if (view) onPick(parseSavedFilters(view.query));
            },
          }}
        >
          <Button icon={<StarOutlined />} data-testid="views-menu">
            {t('notices.views')}
            {views.length > 0 ? ` (${views.length})` : ''}
          </Button>
        </Dropdown>
        <Button
          icon={<SaveOutlined />}
          onClick={() => setSaving(true)}
          aria-label={t('notices.saveView')}
          title={t('notices.saveView')}
          data-testid="view-save"
        />
      </Space.Compact>
      <Modal
        open={saving}
        title={t('notices.saveView')}
        onCancel={() => setSaving(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={save} preserve={false}>
          <Form.Item name="name" label={t('notices.viewName')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} autoFocus data-testid="view-name" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
