import type { NoticeAction } from '@shouwang/common';
import { App, DatePicker, Flex, Form, Input, Modal, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { ApiError } from '../../api/errors.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { FilePickButton } from './NoticeAttachments.tsx';
import { actionNeeds, shanghaiWallToIso } from './notice-logic.ts';
import type { NoticeDetail } from './notice-types.ts';

interface Values {
  reason?: string;
  note?: string;
  rectifyDueAt?: Dayjs | null;
}

/**
 * Takes one transition on a notice. Which actions exist comes from the server (allowedActions); this
 * dialog only asks what the action needs: a reason, a note, a new deadline when returning.
 */
export function ActionDialog({
  notice,
  action,
  onClose,
  onDone,
}: {
  notice: NoticeDetail;
  action: NoticeAction | null;
  onClose: () => void;
  /** Called with the notice as the server answered it (or null to reload after a conflict). */
  onDone: (notice: NoticeDetail | null) => void;
}) {
  const { t, label } = useI18n();
  const { message, modal } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [uploaded, setUploaded] = useState(0);

  useEffect(() => {
    if (action) {
      form.resetFields();
      setUploaded(0);
    }
  }, [action, form]);

  if (!action) return null;
  const needs = actionNeeds(action);
  const actionLabel = label('noticeAction', action);

  const submit = async (values: Values) => {
    setBusy(true);
    try {
      const { data } = await api.POST('/api/v1/notices/{id}/transitions', {
        params: { path: { id: notice.id } },
        body: {
          action,
          version: notice.version,
          reason: values.reason?.trim() || undefined,
          note: values.note?.trim() || undefined,
          rectifyDueAt: values.rectifyDueAt
            ? shanghaiWallToIso(values.rectifyDueAt.format('YYYY-MM-DD HH:mm'))
            : undefined,
        },
      });
      message.success(t('notice.done', { action: actionLabel }));
      onDone(data ?? null);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'conflict') {
        message.warning(t('notice.conflict'));
        onDone(null);
      } else if (
        err instanceof ApiError &&
        (err.code === 'notice_transition_invalid' || err.code === 'recheck_failed')
      ) {
        // The server explains (state, allowed actions, what the re-check still sees); show it in full.
        modal.error({ title: actionLabel, content: err.message });
        onDone(null);
      } else {
        showError(err, form);
      }
    } finally {
      setBusy(false);
    }
  };

  const plain = !needs.reason && !needs.note && !needs.deadline;
  // Evidence and the rectification report go with the unit's progress notes and report-back.
  const withFiles = (action === 'report_back' || action === 'progress') && notice.abilities.upload === true;
  return (
    <Modal
      open
      title={`${actionLabel} · ${notice.docNumber ?? notice.title}`}
      okText={actionLabel}
      okButtonProps={{ danger: needs.danger, loading: busy, 'data-testid': 'action-submit' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} data-testid={`action-form-${action}`}>
        {plain && (
          <Typography.Paragraph>{t('notice.confirmAction', { action: actionLabel })}</Typography.Paragraph>
        )}
        {needs.reason && (
          <Form.Item
            name="reason"
            label={t('notice.reason')}
            rules={[{ required: true, whitespace: true, message: t('notice.reasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={2000} showCount data-testid="action-reason" />
          </Form.Item>
        )}
        {needs.deadline && (
          <Form.Item name="rectifyDueAt" label={t('notice.newDeadline')} extra={t('notice.newDeadlineHint')}>
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              data-testid="action-deadline"
            />
          </Form.Item>
        )}
        {needs.note && (
          <Form.Item name="note" label={t('notice.note')}>
            <Input.TextArea
              rows={4}
              maxLength={5000}
              placeholder={t('notice.notePlaceholder')}
              data-testid="action-note"
            />
          </Form.Item>
        )}
        {withFiles && (
          <Flex wrap gap={8} align="center">
            <FilePickButton
              noticeId={notice.id}
              kind="evidence"
              camera
              onUploaded={(count) => setUploaded((n) => n + count)}
              testId="action-photo"
            >
              {t('inbox.photo')}
            </FilePickButton>
            <FilePickButton
              noticeId={notice.id}
              kind={action === 'report_back' ? 'rectification_report' : 'evidence'}
              onUploaded={(count) => setUploaded((n) => n + count)}
              testId="action-file"
            >
              {action === 'report_back'
                ? label('attachmentKind', 'rectification_report')
                : t('notice.upload')}
            </FilePickButton>
            {uploaded > 0 && <Tag color="green">{t('notice.uploadedCount', { count: uploaded })}</Tag>}
          </Flex>
        )}
      </Form>
    </Modal>
  );
}
