import { App, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { ApiError } from '../../api/errors.ts';
import { UnitSelect } from '../../components/UnitSelect.tsx';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { shanghaiWallToIso } from '../notices/notice-logic.ts';
import { ACTION_NEEDS, type CaseAction, type CaseDetail, intakeLabel } from './intake-types.ts';

interface Values {
  reason?: string;
  reply?: string;
  publish?: boolean;
  unitId?: number | null;
  extensionDueAt?: Dayjs | null;
  forwardTarget?: 'platform_operator' | 'authority';
  forwardTo?: string;
  outcome?: string;
  intoCaseId?: number | null;
  transferTo?: string;
  note?: string;
  rating?: 'satisfied' | 'basically_satisfied' | 'dissatisfied';
  severity?: 'I' | 'II' | 'III' | 'IV';
}

/**
 * Takes one workflow step on a case. Which steps exist comes from the server (abilities.actions); this
 * dialog asks only for what the step needs, and shows the server's 409 (with the allowed steps) in full.
 */
export function CaseActionDialog({
  detail,
  action,
  onClose,
  onDone,
}: {
  detail: CaseDetail;
  action: CaseAction | null;
  onClose: () => void;
  onDone: (detail: CaseDetail | null) => void;
}) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (action) {
      form.resetFields();
      if (action === 'approve_reply')
        form.setFieldsValue({ reply: detail.replyDraft ?? '', publish: detail.publishable });
      if (action === 'submit_reply') form.setFieldsValue({ reply: detail.replyDraft ?? '' });
      if (action === 'dispatch' && detail.suggestion)
        form.setFieldsValue({ unitId: detail.suggestion.unitId });
    }
  }, [action, form, detail]);

  if (!action) return null;
  const needs = ACTION_NEEDS[action];
  const title = intakeLabel(t, 'actionValue', action);

  const submit = async (v: Values) => {
    setBusy(true);
    try {
      const { data } = await api.POST('/api/v1/intake/cases/{id}/transition', {
        params: { path: { id: detail.id } },
        body: {
          action,
          version: detail.version,
          reason: v.reason?.trim() || undefined,
          reply: v.reply?.trim() || undefined,
          publish: v.publish,
          unitId: v.unitId ?? undefined,
          extensionDueAt: v.extensionDueAt
            ? shanghaiWallToIso(v.extensionDueAt.format('YYYY-MM-DD HH:mm'))
            : undefined,
          forwardTarget: v.forwardTarget,
          forwardTo: v.forwardTo?.trim() || undefined,
          outcome: v.outcome?.trim() || undefined,
          intoCaseId: v.intoCaseId ?? undefined,
          transferTo: v.transferTo?.trim() || undefined,
          note: v.note?.trim() || undefined,
          rating: v.rating,
          severity: v.severity,
        },
      });
      message.success(title);
      onDone(data ?? null);
    } catch (err) {
      if (err instanceof ApiError && (err.code === 'conflict' || err.code === 'intake_transition_invalid')) {
        modal.error({ title, content: err.message });
        onDone(null);
      } else {
        showError(err, form);
      }
    } finally {
      setBusy(false);
    }
  };

  const required = [{ required: true, whitespace: true }];
  return (
    <Modal
      open
      title={title}
      okText={title}
      okButtonProps={{
        danger: action === 'return_reply' || action === 'rehandle',
        'data-testid': 'case-action-ok',
      }}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} requiredMark>
        {needs.unit && (
          <Form.Item
            name="unitId"
            label={t('intake.field.unit')}
            rules={needs.unit === 'required' ? [{ required: true }] : []}
          >
            <UnitSelect
              testId="case-action-unit"
              initialLabel={detail.suggestion?.unitName ?? detail.unitName}
            />
          </Form.Item>
        )}
        {needs.severity && (
          <Form.Item name="severity" label={t('intake.field.severity')} initialValue="IV">
            <Select options={['I', 'II', 'III', 'IV'].map((s) => ({ value: s, label: s }))} />
          </Form.Item>
        )}
        {needs.transfer && (
          <Form.Item name="transferTo" label={t('intake.field.transferTo')} rules={required}>
            <Input maxLength={200} />
          </Form.Item>
        )}
        {needs.forward && (
          <>
            <Form.Item
              name="forwardTarget"
              label={t('intake.field.forwardTarget')}
              rules={[{ required: true }]}
            >
              <Select
                options={(['platform_operator', 'authority'] as const).map((v) => ({
                  value: v,
                  label: intakeLabel(t, 'forwardValue', v),
                }))}
              />
            </Form.Item>
            <Form.Item name="forwardTo" label={t('intake.field.forwardTo')} rules={required}>
              <Input maxLength={200} />
            </Form.Item>
          </>
        )}
        {needs.intoCase && (
          <Form.Item name="intoCaseId" label={t('intake.field.intoCaseId')} rules={[{ required: true }]}>
            <InputNumber min={1} style={{ width: '100%' }} />
          </Form.Item>
        )}
        {needs.extension && (
          <Form.Item
            name="extensionDueAt"
            label={t('intake.field.extensionDueAt')}
            rules={[{ required: true }]}
          >
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
        )}
        {needs.reply && (
          <Form.Item
            name="reply"
            label={t('intake.field.reply')}
            rules={needs.reply === 'required' ? required : []}
          >
            <Input.TextArea rows={6} maxLength={10000} showCount data-testid="case-action-reply" />
          </Form.Item>
        )}
        {needs.publish && detail.publishable && (
          <Form.Item name="publish" valuePropName="checked">
            <Checkbox>{t('intake.field.publish')}</Checkbox>
          </Form.Item>
        )}
        {needs.outcome && (
          <Form.Item name="outcome" label={t('intake.field.outcome')} rules={required}>
            <Input.TextArea rows={4} maxLength={5000} />
          </Form.Item>
        )}
        {needs.followUp && (
          <>
            <Form.Item name="note" label={t('intake.field.note')} rules={required}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
            {detail.rating === null && (
              <Form.Item name="rating" label={t('intake.field.rating')}>
                <Select
                  allowClear
                  options={(['satisfied', 'basically_satisfied', 'dissatisfied'] as const).map((v) => ({
                    value: v,
                    label: intakeLabel(t, 'ratingValue', v),
                  }))}
                />
              </Form.Item>
            )}
          </>
        )}
        {needs.reason && (
          <Form.Item
            name="reason"
            label={action === 'transfer' ? t('intake.field.transferReason') : t('intake.field.reason')}
            rules={required}
          >
            <Input.TextArea rows={3} maxLength={2000} data-testid="case-action-reason" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
