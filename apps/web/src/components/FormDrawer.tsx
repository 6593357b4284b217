import { Button, Drawer, Grid, Space } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';

export interface FormDrawerProps {
  open: boolean;
  title: ReactNode;
  busy: boolean;
  onClose: () => void;
  /** Submits the drawer's form (usually `() => form.submit()`). */
  onSave: () => void;
  /** data-testid of the save button, for end-to-end tests. */
  saveTestId: string;
  /** Width on wider screens; phones always get the full width. */
  width?: number;
  children: ReactNode;
}

/** The side drawer every create/edit form uses: full width on phones, cancel and save in the header. */
export function FormDrawer({
  open,
  title,
  busy,
  onClose,
  onSave,
  saveTestId,
  width = 480,
  children,
}: FormDrawerProps) {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  return (
    <Drawer
      open={open}
      title={title}
      onClose={onClose}
      size={screens.sm ? width : '100%'}
      forceRender
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={onSave} data-testid={saveTestId}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {children}
    </Drawer>
  );
}
