import { SEVERITIES, TLP_MARKINGS } from '@shouwang/common';
import { App, Button, Card, Checkbox, Flex, Form, Input, Radio, Select, Skeleton, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import type { Asset } from '../../api/types.ts';
import { UnitSelect } from '../../components/UnitSelect.tsx';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useNotice } from './NoticePage.tsx';
import { severityColour } from './notice-logic.ts';
import type { NoticeInput } from './notice-types.ts';

/** Category codes offered; stored as the code, shown in the UI language (unknown codes show as is). */
export const NOTICE_CATEGORIES = [
  'vulnerability',
  'defacement',
  'hidden_links',
  'sensitive_content',
  'availability',
  'certificate',
  'weak_password',
  'data_leak',
  'malware',
  'other',
] as const;

type Values = Omit<NoticeInput, 'findingIds'>;

/** The assets of one unit, for the asset picker (reloads when the unit changes). */
function useUnitAssets(unitId: number | undefined) {
  const [assets, setAssets] = useState<Asset[]>([]);
  useEffect(() => {
    if (!unitId) {
      setAssets([]);
      return;
    }
    let current = true;
    api
      .GET('/api/v1/assets', { params: { query: { unitId, pageSize: 200, sort: 'name' } } })
      .then(({ data }) => {
        if (current) setAssets(data?.items ?? []);
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [unitId]);
  return assets;
}

function NoticeForm({
  initial,
  id,
  version,
  unitLabel,
}: {
  initial: Partial<Values>;
  id?: number;
  version?: number;
  unitLabel?: string;
}) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const unitId = Form.useWatch('unitId', form);
  const assets = useUnitAssets(unitId);

  const save = async (values: Values) => {
    setSaving(true);
    const body = { ...values, assetId: values.assetId ?? null };
    try {
      const { data } =
        id !== undefined && version !== undefined
          ? await api.PUT('/api/v1/notices/{id}', { params: { path: { id } }, body: { ...body, version } })
          : await api.POST('/api/v1/notices', { body });
      message.success(t('notices.draftSaved'));
      if (data) navigate(`/notices/${data.id}`, { replace: id === undefined });
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={{ severity: 'III', tlp: 'AMBER', requiresLeaderApproval: false, ...initial }}
      onFinish={save}
      style={{ maxWidth: 860 }}
    >
      <Flex wrap gap={16}>
        <Form.Item
          name="unitId"
          label={t('notices.unit')}
          rules={[{ required: true, message: t('common.required') }]}
          style={{ flex: '1 1 280px' }}
        >
          <UnitSelect
            testId="notice-unit"
            initialLabel={unitLabel}
            allowClear={false}
            onChange={(id) => form.setFieldsValue({ unitId: id ?? undefined, assetId: null })}
          />
        </Form.Item>
        <Form.Item
          name="assetId"
          label={t('notices.asset')}
          extra={t('notices.assetHint')}
          style={{ flex: '1 1 280px' }}
        >
          <Select
            allowClear
            disabled={!unitId}
            showSearch={{ optionFilterProp: 'label' }}
            options={assets.map((a) => ({ value: a.id, label: a.name }))}
            data-testid="notice-asset"
          />
        </Form.Item>
      </Flex>
      <Form.Item name="severity" label={t('notices.severity')} rules={[{ required: true }]}>
        <Radio.Group data-testid="notice-severity-input">
          {SEVERITIES.map((s) => (
            <Radio key={s} value={s} data-testid={`notice-severity-${s}`}>
              <Tag color={severityColour(s)} style={{ marginInlineEnd: 0 }}>
                {label('severity', s)}
              </Tag>
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
      <Flex wrap gap={16}>
        <Form.Item
          name="category"
          label={t('notices.category')}
          rules={[{ required: true, message: t('common.required') }]}
          style={{ flex: '1 1 200px' }}
        >
          <Select
            options={NOTICE_CATEGORIES.map((c) => ({ value: c, label: label('noticeCategory', c) }))}
            data-testid="notice-category"
          />
        </Form.Item>
        <Form.Item
          name="tlp"
          label={t('notices.tlp')}
          tooltip={t('notices.tlpHint')}
          style={{ flex: '1 1 200px' }}
        >
          <Select
            options={TLP_MARKINGS.map((m) => ({ value: m, label: label('tlp', m) }))}
            data-testid="notice-tlp"
          />
        </Form.Item>
      </Flex>
      <Form.Item
        name="title"
        label={t('notices.titleField')}
        rules={[{ required: true, whitespace: true, message: t('common.required') }]}
      >
        <Input maxLength={300} data-testid="notice-title-input" />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('notices.description')}
        rules={[{ required: true, whitespace: true, message: t('common.required') }]}
      >
        <Input.TextArea rows={6} maxLength={20000} data-testid="notice-description-input" />
      </Form.Item>
      <Form.Item
        name="requiredActions"
        label={t('notices.requiredActions')}
        rules={[{ required: true, whitespace: true, message: t('common.required') }]}
      >
        <Input.TextArea rows={4} maxLength={20000} data-testid="notice-required-actions" />
      </Form.Item>
      <Form.Item name="requiresLeaderApproval" valuePropName="checked">
        <Checkbox data-testid="notice-leader-approval">{t('notices.requiresLeaderApproval')}</Checkbox>
      </Form.Item>
      <Flex gap={8}>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="notice-save">
          {t('notices.saveDraft')}
        </Button>
        <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>
      </Flex>
    </Form>
  );
}

export function NoticeCreatePage() {
  const { t } = useI18n();
  return (
    <Card title={t('notices.newTitle')} size="small">
      <NoticeForm initial={{}} />
    </Card>
  );
}

export function NoticeEditPage() {
  const { t } = useI18n();
  const { notice } = useNotice(Number(useParams().id));
  return (
    <Card title={t('notices.editTitle')} size="small">
      {notice ? (
        <NoticeForm
          id={notice.id}
          version={notice.version}
          unitLabel={notice.unitName}
          initial={{
            unitId: notice.unitId,
            assetId: notice.assetId,
            category: notice.category,
            severity: notice.severity,
            title: notice.title,
            description: notice.description,
            requiredActions: notice.requiredActions,
            tlp: notice.tlp,
            requiresLeaderApproval: notice.requiresLeaderApproval,
          }}
        />
      ) : (
        <Skeleton active />
      )}
    </Card>
  );
}
