import { NOTIFICATION_TOPICS } from '@shouwang/common';
import { App, Button, Card, Checkbox, Skeleton, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { prefEnabled, prefsFromGrid } from './prefs-logic.ts';
import type { NotificationPref } from './settings-types.ts';

type PrefChannel = NotificationPref['channel'];
const CHANNELS: readonly PrefChannel[] = ['inapp', 'email'];
type Grid = Record<PrefChannel, Record<string, boolean>>;

function toGrid(prefs: NotificationPref[]): Grid {
  const grid: Grid = { inapp: {}, email: {} };
  for (const channel of CHANNELS)
    for (const topic of NOTIFICATION_TOPICS) grid[channel][topic] = prefEnabled(prefs, channel, topic);
  return grid;
}

/** The signed-in user's own choice of which notifications reach them on which channel. */
export function NotificationPrefs() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [grid, setGrid] = useState<Grid | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    api
      .GET('/api/v1/me/notification-prefs')
      .then(({ data }) => setGrid(toGrid(data ?? [])))
      .catch(showError);
  }, [showError]);

  const save = async () => {
    if (!grid) return;
    setSaving(true);
    try {
      const { data } = await api.PUT('/api/v1/me/notification-prefs', {
        body: prefsFromGrid(grid, CHANNELS),
      });
      if (data) setGrid(toGrid(data));
      message.success(t('common.saved'));
    } catch (err) {
      showError(err);
    } finally {
      setSaving(false);
    }
  };

  const toggle = (channel: PrefChannel, topic: string, on: boolean) =>
    setGrid((g) => (g ? { ...g, [channel]: { ...g[channel], [topic]: on } } : g));

  return (
    <Card title={t('prefs.title')} data-testid="notification-prefs">
      <Typography.Paragraph type="secondary">{t('prefs.hint')}</Typography.Paragraph>
      {!grid ? (
        <Skeleton active />
      ) : (
        <>
          <Table
            size="small"
            rowKey={(topic) => topic}
            pagination={false}
            dataSource={[...NOTIFICATION_TOPICS]}
            columns={[
              { title: t('prefs.topic'), key: 'topic', render: (topic: string) => label('topic', topic) },
              ...CHANNELS.map((channel) => ({
                title: label('channel', channel),
                key: channel,
                width: 110,
                align: 'center' as const,
                render: (topic: string) => (
                  <Checkbox
                    checked={grid[channel][topic]}
                    onChange={(e) => toggle(channel, topic, e.target.checked)}
                    aria-label={`${label('channel', channel)} ${label('topic', topic)}`}
                    data-testid={`pref-${channel}-${topic}`}
                  />
                ),
              })),
            ]}
          />
          <Button
            type="primary"
            onClick={() => void save()}
            loading={saving}
            style={{ marginTop: 12 }}
            data-testid="prefs-save"
          >
            {t('common.save')}
          </Button>
        </>
      )}
    </Card>
  );
}
