import { App, Button, Empty, Modal, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { BaselineDiff } from './monitoring-types.ts';

const ADDED = { background: '#f6ffed', color: '#135200', borderLeft: '3px solid #52c41a' };
const REMOVED = { background: '#fff1f0', color: '#a8071a', borderLeft: '3px solid #ff4d4f' };

/** A line of the diff: "+ …" added (green), "- …" removed (red), others as context. */
function DiffLine({ line }: { line: string }) {
  const style = line.startsWith('+') ? ADDED : line.startsWith('-') ? REMOVED : { color: '#595959' };
  const kind = line.startsWith('+') ? 'added' : line.startsWith('-') ? 'removed' : 'context';
  return (
    <div data-testid={`diff-line-${kind}`} style={{ ...style, padding: '1px 8px', whiteSpace: 'pre-wrap' }}>
      {line}
    </div>
  );
}

function List({ title, items }: { title: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <div>
      <Typography.Text strong>{title}</Typography.Text>
      <div>
        {items.map((i) => (
          <Tag color="red" key={i} style={{ marginTop: 4 }}>
            {i}
          </Tag>
        ))}
      </div>
    </div>
  );
}

/** The defacement diff of one watched page against its baseline, with "accept new baseline". */
export function BaselineDiffModal({
  monitorId,
  pageUrl,
  canAccept,
  onClose,
  onAccepted,
}: {
  monitorId: number;
  pageUrl: string;
  canAccept: boolean;
  onClose: () => void;
  onAccepted: () => void;
}) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const showError = useShowError();
  const [diff, setDiff] = useState<BaselineDiff | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api
      .GET('/api/v1/monitoring/sites/{monitorId}/baselines/diff', {
        params: { path: { monitorId }, query: { pageUrl } },
      })
      .then(({ data }) => setDiff(data ?? null))
      .catch(showError);
  }, [monitorId, pageUrl, showError]);

  const accept = () =>
    modal.confirm({
      title: t('monitoring.acceptBaseline'),
      content: t('monitoring.acceptConfirm'),
      okButtonProps: { 'data-testid': 'baseline-accept-confirm' },
      onOk: async () => {
        setBusy(true);
        try {
          await api.POST('/api/v1/monitoring/sites/{monitorId}/baselines/accept', {
            params: { path: { monitorId } },
            body: { pageUrl },
          });
          message.success(t('monitoring.baselineDone'));
          onAccepted();
        } catch (err) {
          showError(err);
        } finally {
          setBusy(false);
        }
      },
    });

  const lines = diff?.diff ? [...diff.diff.text.split('\n')].filter((l) => l.length > 0) : [];
  return (
    <Modal
      open
      width={880}
      title={t('monitoring.diffTitle')}
      onCancel={onClose}
      data-testid="baseline-diff"
      footer={[
        <Button key="close" onClick={onClose}>
          {t('common.close')}
        </Button>,
        canAccept && diff?.current ? (
          <Button
            key="accept"
            type="primary"
            danger
            loading={busy}
            data-testid="baseline-accept"
            onClick={accept}
          >
            {t('monitoring.acceptBaseline')}
          </Button>
        ) : null,
      ]}
    >
      {!diff ? (
        <Spin />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }} size={12}>
          <Typography.Text type="secondary" copyable>
            {diff.pageUrl}
          </Typography.Text>
          {diff.score !== null && (
            <Tag color="volcano" data-testid="diff-score">
              {t('monitoring.diffScore', { score: Math.round(diff.score * 100) })}
            </Tag>
          )}
          {diff.reasons.length > 0 && (
            <div>
              <Typography.Text strong>{t('monitoring.diffReasons')}</Typography.Text>
              <ul style={{ margin: '4px 0 0 20px' }} data-testid="diff-reasons">
                {diff.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </div>
          )}
          <List title={t('monitoring.newScripts')} items={diff.newScripts} />
          <List title={t('monitoring.newIframes')} items={diff.newIframes} />
          <List title={t('monitoring.newDomains')} items={diff.newDomains} />
          {lines.length === 0 ? (
            <Empty description={t('monitoring.diffNone')} />
          ) : (
            <div
              data-testid="diff-lines"
              style={{
                maxHeight: 420,
                overflow: 'auto',
                fontFamily: 'monospace',
                fontSize: 13,
                border: '1px solid #f0f0f0',
              }}
            >
              {lines.map((l, i) => (
                // Diff lines may repeat; their position is their identity.
                // biome-ignore lint/suspicious/noArrayIndexKey: lines of a fixed diff never reorder
                <DiffLine key={i} line={l} />
              ))}
            </div>
          )}
        </Space>
      )}
    </Modal>
  );
}
