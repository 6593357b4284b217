import {
  AimOutlined,
  AlertOutlined,
  ApiOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BugOutlined,
  ClusterOutlined,
  CommentOutlined,
  ControlOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  DownOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  FireOutlined,
  HomeOutlined,
  InboxOutlined,
  KeyOutlined,
  LockOutlined,
  LogoutOutlined,
  MenuOutlined,
  MessageOutlined,
  MonitorOutlined,
  SafetyOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { App, Button, Drawer, Dropdown, Grid, Layout, Menu, Spin, Typography } from 'antd';
import { type ReactNode, Suspense, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth, useMe } from '../auth/AuthProvider.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { NotificationBell } from '../pages/notices/NotificationBell.tsx';
import { type NavIcon, navFor, selectedNav } from './nav.ts';

const ICONS: Record<NavIcon, ReactNode> = {
  home: <HomeOutlined />,
  eventSources: <ApiOutlined />,
  rawEvents: <FileSearchOutlined />,
  org: <ClusterOutlined />,
  users: <TeamOutlined />,
  assets: <DatabaseOutlined />,
  tokens: <KeyOutlined />,
  audit: <AuditOutlined />,
  account: <SafetyOutlined />,
  inbox: <InboxOutlined />,
  notices: <FileTextOutlined />,
  findings: <BugOutlined />,
  settings: <SettingOutlined />,
  monitoring: <MonitorOutlined />,
  alerts: <AlertOutlined />,
  topics: <FireOutlined />,
  indicators: <AimOutlined />,
  cases: <MessageOutlined />,
  myCases: <CommentOutlined />,
  casesDashboard: <DashboardOutlined />,
  casesSettings: <ControlOutlined />,
};

const SIDER_WIDTH = 208;

function Brand({ collapsed }: { collapsed: boolean }) {
  const { t } = useI18n();
  return (
    <Link
      to="/"
      style={{ display: 'flex', alignItems: 'center', gap: 8, height: 56, padding: '0 20px', color: '#fff' }}
    >
      <AppstoreOutlined style={{ fontSize: 20 }} />
      {!collapsed && <span style={{ fontSize: 18, fontWeight: 600, letterSpacing: 2 }}>{t('app.name')}</span>}
    </Link>
  );
}

/** The signed-in frame: a sider menu (a drawer on phones), a header with language, docs and user menu. */
export function AppLayout() {
  const me = useMe();
  const { logout } = useAuth();
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const mobile = screens.md === false;
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);

  const items = navFor(me.abilities).map((entry) => ({
    key: entry.path,
    icon: ICONS[entry.icon],
    label: (
      <Link to={entry.path} data-testid={`nav-${entry.icon}`}>
        {t(entry.label)}
      </Link>
    ),
  }));
  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={[selectedNav(location.pathname)]}
      items={items}
      onClick={() => setDrawerOpen(false)}
    />
  );

  const signOut = async () => {
    await logout().catch(() => undefined);
    message.success(t('header.loggedOut'));
    navigate('/login', { replace: true });
  };

  const userMenu = {
    items: [
      {
        key: 'account',
        icon: <LockOutlined />,
        label: <span data-testid="menu-account">{t('header.changePassword')}</span>,
      },
      { type: 'divider' as const },
      {
        key: 'logout',
        icon: <LogoutOutlined />,
        label: <span data-testid="logout">{t('header.logout')}</span>,
        danger: true,
      },
    ],
    onClick: ({ key }: { key: string }) => {
      if (key === 'account') navigate('/account');
      if (key === 'logout') void signOut();
    },
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {mobile ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={SIDER_WIDTH + 32}
          styles={{ body: { padding: 0, background: '#001529' }, header: { display: 'none' } }}
        >
          <Brand collapsed={false} />
          {menu}
        </Drawer>
      ) : (
        <Layout.Sider
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          width={SIDER_WIDTH}
          style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
        >
          <Brand collapsed={collapsed} />
          {menu}
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header
          style={{
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            background: '#fff',
            padding: mobile ? '0 8px' : '0 24px',
            borderBottom: '1px solid #f0f0f0',
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          {mobile && (
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label={t('nav.menu')}
              onClick={() => setDrawerOpen(true)}
              data-testid="nav-toggle"
            />
          )}
          <Typography.Text strong ellipsis style={{ flex: 1, minWidth: 0 }}>
            {mobile ? t('app.name') : t('app.tagline')}
          </Typography.Text>
          <NotificationBell />
          <LanguageSwitch ghost />
          {!mobile && (
            <Button type="text" icon={<ApiOutlined />} href="/api/docs" target="_blank" rel="noreferrer">
              {t('nav.apiDocs')}
            </Button>
          )}
          <Dropdown menu={userMenu} trigger={['click']}>
            <Button type="text" data-testid="user-menu" icon={<UserOutlined />}>
              {!mobile && (
                <span>
                  {me.displayName}
                  <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }}>
                    {label('role', me.role)}
                  </Typography.Text>
                </span>
              )}
              <DownOutlined style={{ fontSize: 10 }} />
            </Button>
          </Dropdown>
        </Layout.Header>
        <Layout.Content style={{ padding: mobile ? 12 : 24, minWidth: 0 }}>
          <Suspense fallback={<Spin style={{ display: 'block', margin: '80px auto' }} />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
