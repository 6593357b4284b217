import { DeleteOutlined, EditOutlined, MoreOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Dropdown,
  Form,
  Input,
  type MenuProps,
  Modal,
  Spin,
  Tree,
  type TreeDataNode,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Region } from '../../api/types.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { RegionNode } from './region-tree.ts';

type MenuItem = NonNullable<MenuProps['items']>[number];
type Editing = { mode: 'create'; parent: Region } | { mode: 'update'; region: Region } | null;

interface RegionPanelProps {
  tree: RegionNode<Region>[];
  loading: boolean;
  selectedId: number | null;
  onSelect: (id: number | null) => void;
  onChanged: () => Promise<void>;
}

/** The region tree: pick a region to filter units; add, rename or delete regions where abilities allow. */
export function RegionPanel({ tree, loading, selectedId, onSelect, onChanged }: RegionPanelProps) {
  const { t, label } = useI18n();
  const { message, modal } = App.useApp();
  const showError = useShowError();
  const [editing, setEditing] = useState<Editing>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ name: string; code?: string }>();

  const open = (next: Exclude<Editing, null>) => {
    form.setFieldsValue(
      next.mode === 'update'
        ? { name: next.region.name, code: next.region.code ?? '' }
        : { name: '', code: '' },
    );
    setEditing(next);
  };

  const save = async (values: { name: string; code?: string }) => {
    if (!editing) return;
    setBusy(true);
    const code = values.code?.trim() ? values.code.trim() : null;
    try {
      if (editing.mode === 'create') {
        await api.POST('/api/v1/regions', {
          body: { parentId: editing.parent.id, name: values.name.trim(), code },
        });
        message.success(t('common.created'));
      } else {
        await api.PUT('/api/v1/regions/{id}', {
          params: { path: { id: editing.region.id } },
          body: { name: values.name.trim(), code },
        });
        message.success(t('common.saved'));
      }
      setEditing(null);
      await onChanged();
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };

  const remove = (region: Region) =>
    modal.confirm({
      title: t('common.confirmDelete', { name: region.name }),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await api.DELETE('/api/v1/regions/{id}', { params: { path: { id: region.id } } });
          message.success(t('common.deleted'));
          if (selectedId === region.id) onSelect(null);
          await onChanged();
        } catch (err) {
          // e.g. "still has units": the server's message says what to do.
          showError(err);
        }
      },
    });

  const renderTitle = (region: Region) => {
    const items: MenuItem[] = [];
    if (region.abilities.createChild)
      items.push({ key: 'add', icon: <PlusOutlined />, label: t('org.addChild') });
    if (region.abilities.update) items.push({ key: 'edit', icon: <EditOutlined />, label: t('org.rename') });
    if (region.abilities.delete)
      items.push({ key: 'delete', icon: <DeleteOutlined />, label: t('common.delete'), danger: true });
    return (
      <span
        style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}
        data-testid={`region-${region.id}`}
      >
        <span>{region.name}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {label('regionLevel', region.level)}
        </Typography.Text>
        {items.length > 0 && (
          <Dropdown
            trigger={['click']}
            menu={{
              items,
              onClick: ({ key, domEvent }) => {
                domEvent.stopPropagation();
                if (key === 'add') open({ mode: 'create', parent: region });
                if (key === 'edit') open({ mode: 'update', region });
                if (key === 'delete') remove(region);
              },
            }}
          >
            <Button
              type="text"
              size="small"
              icon={<MoreOutlined />}
              aria-label={`${region.name} ${t('common.actions')}`}
              data-testid={`region-actions-${region.id}`}
              onClick={(e) => e.stopPropagation()}
            />
          </Dropdown>
        )}
      </span>
    );
  };

  const toData = (nodes: RegionNode<Region>[]): TreeDataNode[] =>
    nodes.map((n) => ({ key: n.region.id, title: renderTitle(n.region), children: toData(n.children) }));

  return (
    <>
      {loading && tree.length === 0 ? (
        <Spin />
      ) : (
        <Tree
          blockNode
          defaultExpandAll
          selectedKeys={selectedId ? [selectedId] : []}
          onSelect={(keys) => onSelect(keys.length ? Number(keys[0]) : null)}
          treeData={toData(tree)}
        />
      )}
      <Modal
        open={editing !== null}
        title={
          editing?.mode === 'create'
            ? t('org.newRegionUnder', { name: editing.parent.name })
            : t('org.editRegion')
        }
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        destroyOnHidden
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={save}>
          <Form.Item
            name="name"
            label={t('org.regionName')}
            rules={[{ required: true, whitespace: true, max: 200, message: t('common.required') }]}
          >
            <Input data-testid="region-name" />
          </Form.Item>
          <Form.Item name="code" label={t('org.regionCode')} rules={[{ max: 32 }]}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
