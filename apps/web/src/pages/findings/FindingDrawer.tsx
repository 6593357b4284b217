import { SEVERITIES } from '@shouwang/common';
import { Button, Checkbox, Drawer, Form, Input, Radio, Select, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { RequestOf } from '../../api/types.ts';
import { UnitSelect } from '../../components/UnitSelect.tsx';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { NOTICE_CATEGORIES } from '../notices/NoticeFormPage.tsx';
import { severityColour } from '../notices/notice-logic.ts';

type FindingInput = RequestOf<'/api/v1/findings', 'post'>;

/** Records a finding by hand (an inspection, a phone call); it can then be raised as a notice. */
export function FindingDrawer({
  open,
  onClose,
  onSaved,
}: {
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, label } = useI18n();
  const showError = useShowError();
  const [form] = Form.useForm<FindingInput>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const save = async (values: FindingInput) => {
    setSaving(true);
    try {
      await api.POST('/api/v1/findings', { body: { ...values, pageUrl: values.pageUrl?.trim() || null } });
      onSaved();
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('findings.new')}
      size={520}
      extra={
        <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="finding-save">
          {t('common.save')}
        </Button>
      }
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{ severity: 'III', isHomepage: false }}
      >
        <Form.Item
          name="unitId"
          label={t('notices.unit')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <UnitSelect testId="finding-unit" />
        </Form.Item>
        <Form.Item name="severity" label={t('notices.severity')} rules={[{ required: true }]}>
          <Radio.Group>
            {SEVERITIES.map((s) => (
              <Radio key={s} value={s}>
                <Tag color={severityColour(s)}>{label('severity', s)}</Tag>
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="category"
          label={t('notices.category')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select options={NOTICE_CATEGORIES.map((c) => ({ value: c, label: label('noticeCategory', c) }))} />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('notices.titleField')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input maxLength={300} data-testid="finding-title" />
        </Form.Item>
        <Form.Item name="description" label={t('notices.description')}>
          <Input.TextArea rows={4} maxLength={20000} />
        </Form.Item>
        <Form.Item name="pageUrl" label={t('findings.pageUrl')}>
          <Input placeholder="https://" />
        </Form.Item>
        <Form.Item name="isHomepage" valuePropName="checked">
          <Checkbox>{t('findings.isHomepage')}</Checkbox>
        </Form.Item>
      </Form>
    </Drawer>
  );
}
