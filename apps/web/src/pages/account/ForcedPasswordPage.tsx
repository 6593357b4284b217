import { Alert, App, Button, Card, Flex } from 'antd';
import { Navigate, useNavigate } from 'react-router';
import { useAuth, useMe } from '../../auth/AuthProvider.tsx';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';

/** Holds users with an initial or expired password until they choose a new one. */
export function ForcedPasswordPage() {
  const { t } = useI18n();
  const me = useMe();
  const { refresh, logout } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  if (!me.mustChangePassword && !me.passwordExpired) return <Navigate to="/" replace />;
  return (
    <Flex vertical align="center" justify="center" style={{ minHeight: '100vh', padding: 16 }}>
      <Card
        title={t('password.title')}
        extra={<LanguageSwitch ghost />}
        style={{ width: '100%', maxWidth: 440 }}
        actions={[
          <Button key="logout" type="link" onClick={() => logout().then(() => navigate('/login'))}>
            {t('header.logout')}
          </Button>,
        ]}
      >
        <Alert
          type="warning"
          showIcon
          title={me.passwordExpired ? t('password.expired') : t('password.forced')}
          style={{ marginBottom: 16 }}
        />
        <ChangePasswordForm
          onChanged={async () => {
            message.success(t('password.changed'));
            await refresh();
            navigate('/', { replace: true });
          }}
        />
      </Card>
    </Flex>
  );
}
