import { Alert, App, Card, Col, Descriptions, Row, Tag } from 'antd';
import { useAuth, useMe } from '../../auth/AuthProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { NotificationPrefs } from '../settings/NotificationPrefs.tsx';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';

export function AccountPage() {
  const { t, label } = useI18n();
  const me = useMe();
  const { refresh } = useAuth();
  const { message } = App.useApp();
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <Card title={t('account.profile')}>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('account.username')}>{me.username}</Descriptions.Item>
            <Descriptions.Item label={t('account.displayName')}>{me.displayName}</Descriptions.Item>
            <Descriptions.Item label={t('account.role')}>{label('role', me.role)}</Descriptions.Item>
            <Descriptions.Item label={t('account.region')}>{me.regionName}</Descriptions.Item>
            {me.unitName && <Descriptions.Item label={t('account.unit')}>{me.unitName}</Descriptions.Item>}
            <Descriptions.Item label={t('account.totp')}>
              <Tag color={me.totpEnabled ? 'green' : 'default'} data-testid="account-totp-status">
                {me.totpEnabled ? t('account.totpOn') : t('account.totpOff')}
              </Tag>
            </Descriptions.Item>
          </Descriptions>
          <Alert
            type={me.totpEnabled ? 'success' : 'info'}
            showIcon
            title={me.totpEnabled ? t('account.totpOnHint') : t('account.totpOffHint')}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('password.title')}>
          <ChangePasswordForm
            onChanged={() => {
              message.success(t('password.changed'));
              void refresh();
            }}
          />
        </Card>
      </Col>
      <Col xs={24}>
        <NotificationPrefs />
      </Col>
    </Row>
  );
}
