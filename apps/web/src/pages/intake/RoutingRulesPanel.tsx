import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  EditOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Flex,
  Form,
  Input,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  TreeSelect,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useMe } from '../../auth/AuthProvider.tsx';
import { FormDrawer } from '../../components/FormDrawer.tsx';
import { UnitSelect } from '../../components/UnitSelect.tsx';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useRegions } from '../org/useRegions.ts';
import { categoryOptions } from './category-logic.ts';
import { intakeLabel } from './intake-types.ts';
import { moveRule, type RoutingRule, type RoutingRuleList, ruleOffice } from './settings-logic.ts';
import { useReportCategories } from './useReportCategories.ts';

interface RuleForm {
  regionId?: number | null;
  kind?: 'report' | 'message' | null;
  category?: string | null;
  messageType?: 'complaint' | 'help' | 'suggestion' | 'enquiry' | null;
  topic?: string;
  unitId?: number | null;
  active: boolean;
}

const MESSAGE_TYPES = ['complaint', 'help', 'suggestion', 'enquiry'] as const;
const OFFICE_COLOUR = { own: 'blue', lower: 'geekblue', inherited: 'default' } as const;

/**
 * The office's routing rules (region + kind/category/type/topic → suggested unit) in the order they are
 * tried: create, edit, switch off, delete and move up or down, each only where the server says so.
 */
export function RoutingRulesPanel() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const me = useMe();
  const regions = useRegions();
  const [list, setList] = useState<RoutingRuleList | null>(null);
  // Every category, deactivated ones too, so a rule naming one still shows its name.
  const categories = useReportCategories().items;
  const [editing, setEditing] = useState<RoutingRule | 'new' | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<RuleForm>();
  const kind = Form.useWatch('kind', form);
  const callerPath = regions.regions.find((r) => r.id === me.regionId)?.path ?? '';

  const load = useCallback(async () => {
    try {
      const { data } = await api.GET('/api/v1/intake/routing-rules');
      setList(data ?? null);
    } catch (err) {
      showError(err);
    }
  }, [showError]);
  useEffect(() => {
    void load();
  }, [load]);

  const open = (rule: RoutingRule | 'new') => {
    form.resetFields();
    if (rule !== 'new') {
      form.setFieldsValue({
        regionId: rule.regionId,
        kind: rule.kind === 'report' || rule.kind === 'message' ? rule.kind : null,
        category: rule.category,
        messageType: MESSAGE_TYPES.find((m) => m === rule.messageType) ?? null,
        topic: rule.topic ?? '',
        unitId: rule.unitId,
        active: rule.active,
      });
    }
    setEditing(rule);
  };

  const save = async (v: RuleForm) => {
    if (!editing || !v.unitId) return;
    setBusy(true);
    // A condition that does not apply to the chosen kind is dropped rather than kept out of sight.
    const body = {
      regionId: v.regionId ?? null,
      kind: v.kind ?? null,
      category: v.kind === 'message' ? null : v.category || null,
      messageType: v.kind === 'report' ? null : (v.messageType ?? null),
      topic: v.topic?.trim() || null,
      unitId: v.unitId,
      active: v.active,
    };
    try {
      if (editing === 'new') await api.POST('/api/v1/intake/routing-rules', { body });
      else await api.PUT('/api/v1/intake/routing-rules/{id}', { params: { path: { id: editing.id } }, body });
      message.success(t('common.saved'));
      setEditing(null);
      await load();
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (rule: RoutingRule) => {
    try {
      await api.DELETE('/api/v1/intake/routing-rules/{id}', { params: { path: { id: rule.id } } });
      message.success(t('common.deleted'));
      await load();
    } catch (err) {
      showError(err);
    }
  };

  const move = async (rule: RoutingRule, delta: -1 | 1) => {
    const ids = list ? moveRule(list.items, rule.id, delta) : null;
    if (!ids) return;
    try {
      await api.PUT('/api/v1/intake/routing-rules/order', { body: { ids } });
      message.success(t('intake.rules.reordered'));
      await load();
    } catch (err) {
      showError(err);
    }
  };

  const any = <Typography.Text type="secondary">{t('intake.rules.any')}</Typography.Text>;
  const items = list?.items ?? [];
  const categoryLabel = (code: string) =>
    categoryOptions(categories, t).find((c) => c.value === code)?.label ?? code;
  const columns: TableColumnsType<RoutingRule> = [
    {
      title: t('intake.rules.order'),
      key: 'order',
      width: 150,
      render: (_: unknown, r, i) => {
        const office = ruleOffice(r, callerPath);
        return (
          <Space direction="vertical" size={2}>
            <Typography.Text strong>{i + 1}</Typography.Text>
            <Tag color={OFFICE_COLOUR[office]}>{t(`intake.rules.${office}`)}</Tag>
          </Space>
        );
      },
    },
    {
      title: t('intake.rules.region'),
      dataIndex: 'regionName',
      width: 130,
      render: (name: string | null) => name ?? any,
    },
    {
      title: t('intake.rules.kind'),
      key: 'kind',
      width: 200,
      render: (_: unknown, r) => (
        <Space wrap size={4}>
          {r.kind ? <Tag>{intakeLabel(t, 'kindValue', r.kind)}</Tag> : any}
          {r.category && <Tag color="volcano">{categoryLabel(r.category)}</Tag>}
          {r.messageType && <Tag color="cyan">{intakeLabel(t, 'messageTypeValue', r.messageType)}</Tag>}
        </Space>
      ),
    },
    {
      title: t('intake.rules.topic'),
      dataIndex: 'topic',
      width: 140,
      render: (topic: string | null) => topic ?? any,
    },
    {
      title: t('intake.rules.unit'),
      dataIndex: 'unitName',
      render: (name: string, r) => (
        <Space wrap size={4}>
          <span data-testid={`routing-rule-target-${r.id}`}>{name}</span>
          {!r.active && <Tag>{t('intake.rules.inactive')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 190,
      render: (_: unknown, r) => {
        const own = items.filter((x) => x.abilities.reorder);
        const at = own.findIndex((x) => x.id === r.id);
        return (
          <Space size={0}>
            {r.abilities.reorder && (
              <>
                <Tooltip title={t('intake.rules.moveUp')}>
                  <Button
                    type="text"
                    icon={<ArrowUpOutlined />}
                    aria-label={t('intake.rules.moveUp')}
                    disabled={at <= 0}
                    onClick={() => move(r, -1)}
                    data-testid={`routing-rule-up-${r.id}`}
                  />
                </Tooltip>
                <Tooltip title={t('intake.rules.moveDown')}>
                  <Button
                    type="text"
                    icon={<ArrowDownOutlined />}
                    aria-label={t('intake.rules.moveDown')}
                    disabled={at < 0 || at >= own.length - 1}
                    onClick={() => move(r, 1)}
                    data-testid={`routing-rule-down-${r.id}`}
                  />
                </Tooltip>
              </>
            )}
            {r.abilities.update && (
              <>
                <Tooltip title={t('common.edit')}>
                  <Button
                    type="text"
                    icon={<EditOutlined />}
                    aria-label={t('common.edit')}
                    onClick={() => open(r)}
                    data-testid={`routing-rule-edit-${r.id}`}
                  />
                </Tooltip>
                <Popconfirm
                  title={t('intake.rules.deleteConfirm')}
                  okText={t('common.delete')}
                  okButtonProps={{ danger: true, 'data-testid': 'routing-rule-delete-ok' }}
                  onConfirm={() => remove(r)}
                >
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('common.delete')}
                    data-testid={`routing-rule-delete-${r.id}`}
                  />
                </Popconfirm>
              </>
            )}
          </Space>
        );
      },
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('intake.rules.help')}
      </Typography.Paragraph>
      {list && !list.abilities.create && <Alert type="info" showIcon title={t('intake.rules.readOnly')} />}
      {list?.abilities.create && (
        <Flex>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => open('new')}
            data-testid="routing-rule-new"
          >
            {t('intake.rules.new')}
          </Button>
        </Flex>
      )}
      <Table<RoutingRule>
        rowKey="id"
        size="middle"
        loading={!list}
        columns={columns}
        dataSource={items}
        pagination={false}
        scroll={{ x: 960 }}
        locale={{ emptyText: t('intake.rules.empty') }}
        data-testid="routing-rules-table"
      />
      <FormDrawer
        open={editing !== null}
        title={editing === 'new' ? t('intake.rules.new') : t('intake.rules.edit')}
        busy={busy}
        onClose={() => setEditing(null)}
        onSave={() => form.submit()}
        saveTestId="routing-rule-save"
      >
        <Form form={form} layout="vertical" onFinish={save} initialValues={{ active: true }} requiredMark>
          <Form.Item name="regionId" label={t('intake.rules.region')}>
            <TreeSelect
              allowClear
              treeData={regions.treeData}
              treeDefaultExpandAll
              placeholder={t('intake.rules.any')}
              data-testid="routing-rule-region"
            />
          </Form.Item>
          <Form.Item name="kind" label={t('intake.rules.kind')}>
            <Select
              allowClear
              placeholder={t('intake.rules.any')}
              options={(['report', 'message'] as const).map((k) => ({
                value: k,
                label: intakeLabel(t, 'kindValue', k),
              }))}
              data-testid="routing-rule-kind"
            />
          </Form.Item>
          {kind !== 'message' && (
            <Form.Item name="category" label={t('intake.rules.category')}>
              <Select
                allowClear
                placeholder={t('intake.rules.any')}
                options={categoryOptions(categories, t, {
                  pick: true,
                  keep: editing && editing !== 'new' ? editing.category : null,
                })}
                data-testid="routing-rule-category"
              />
            </Form.Item>
          )}
          {kind !== 'report' && (
            <Form.Item name="messageType" label={t('intake.rules.messageType')}>
              <Select
                allowClear
                placeholder={t('intake.rules.any')}
                options={MESSAGE_TYPES.map((m) => ({
                  value: m,
                  label: intakeLabel(t, 'messageTypeValue', m),
                }))}
                data-testid="routing-rule-message-type"
              />
            </Form.Item>
          )}
          <Form.Item name="topic" label={t('intake.rules.topic')} extra={t('intake.rules.topicHelp')}>
            <Input maxLength={100} placeholder={t('intake.rules.any')} data-testid="routing-rule-topic" />
          </Form.Item>
          <Form.Item name="unitId" label={t('intake.rules.unit')} rules={[{ required: true }]}>
            <UnitSelect
              testId="routing-rule-unit"
              initialLabel={editing && editing !== 'new' ? editing.unitName : null}
            />
          </Form.Item>
          <Form.Item name="active" label={t('intake.rules.active')} valuePropName="checked">
            <Switch data-testid="routing-rule-active" />
          </Form.Item>
        </Form>
      </FormDrawer>
    </Flex>
  );
}
