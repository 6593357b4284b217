import { CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Input, Modal, Space } from 'antd';
import { useI18n } from '../i18n/I18nProvider.tsx';

interface SecretModalProps {
  open: boolean;
  title: string;
  warning: string;
  secret: string;
  onClose: () => void;
  testId: string;
}

/** Shows a secret that the server returns only once (initial password, API token), with a copy button. */
export function SecretModal({ open, title, warning, secret, onClose, testId }: SecretModalProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      message.success(t('common.copied'));
    } catch {
      message.warning(t('common.copyFailed'));
    }
  };
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={onClose} data-testid={`${testId}-close`}>
          {t('common.close')}
        </Button>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Alert type="warning" showIcon title={warning} />
        <Space.Compact style={{ width: '100%' }}>
          <Input readOnly value={secret} data-testid={testId} style={{ fontFamily: 'monospace' }} />
          <Button icon={<CopyOutlined />} onClick={copy} data-testid={`${testId}-copy`}>
            {t('common.copy')}
          </Button>
        </Space.Compact>
      </Space>
    </Modal>
  );
}
