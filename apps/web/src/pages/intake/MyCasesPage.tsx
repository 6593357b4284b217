import { RightOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Segmented, Skeleton, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { CaseActionDialog } from './CaseActionDialog.tsx';
import {
  type CaseAction,
  type CaseDetail,
  type CaseSummary,
  intakeLabel,
  OPEN_STATES,
} from './intake-types.ts';

/** The steps a unit takes from its phone; the rest is on the case page. */
const CARD_ACTIONS: readonly CaseAction[] = [
  'sign',
  'submit_reply',
  'leader_approve',
  'leader_return',
  'request_extension',
];

function dueOf(c: CaseSummary): string | null {
  return c.state === 'dispatched' ? c.signDueAt : c.handleDueAt;
}

/** The unit's cases as cards for a phone (390 px): open ones first, most urgent deadline first. */
export function MyCasesPage() {
  const { t } = useI18n();
  const showError = useShowError();
  const [view, setView] = useState<'open' | 'done'>('open');
  const [items, setItems] = useState<CaseSummary[] | null>(null);
  const [acting, setActing] = useState<{ detail: CaseDetail; action: CaseAction } | null>(null);

  const load = useCallback(async () => {
    try {
      const { data } = await api.GET('/api/v1/intake/cases', {
        params: {
          query: { status: view === 'open' ? OPEN_STATES.join(',') : 'replied,closed', pageSize: 100 },
        },
      });
      const list = data?.items ?? [];
      list.sort(
        (a, b) => Number(b.overdue) - Number(a.overdue) || (dueOf(a) ?? '~').localeCompare(dueOf(b) ?? '~'),
      );
      setItems(list);
    } catch (err) {
      showError(err);
    }
  }, [view, showError]);
  useEffect(() => {
    setItems(null);
    void load();
  }, [load]);

  // A step needs the case's current version and draft, which the detail carries.
  const start = async (c: CaseSummary, action: CaseAction) => {
    try {
      const { data } = await api.GET('/api/v1/intake/cases/{id}', { params: { path: { id: c.id } } });
      if (data) setActing({ detail: data, action });
    } catch (err) {
      showError(err);
    }
  };

  return (
    <Flex vertical gap={12} style={{ maxWidth: 720 }} data-testid="my-cases">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('intake.myCases')}
        </Typography.Title>
        <Segmented
          value={view}
          onChange={(v) => setView(v === 'done' ? 'done' : 'open')}
          options={[
            { value: 'open', label: t('intake.openCases') },
            { value: 'done', label: t('intake.doneCases') },
          ]}
        />
      </Flex>
      {items === null && <Skeleton active />}
      {items?.length === 0 && <Empty description={t('intake.empty')} />}
      {items?.map((c) => {
        const due = dueOf(c);
        const actions = CARD_ACTIONS.filter((a) => c.abilities.actions.includes(a));
        return (
          <Card
            key={c.id}
            size="small"
            style={{ borderColor: c.overdue ? '#ff4d4f' : undefined, borderWidth: c.overdue ? 2 : 1 }}
            data-testid={`my-case-${c.id}`}
          >
            <Flex vertical gap={8}>
              <Space wrap size={4}>
                <Tag color="blue">{intakeLabel(t, 'stateValue', c.state)}</Tag>
                <Tag>{intakeLabel(t, 'kindValue', c.kind)}</Tag>
                {c.categoryName && <Tag color="volcano">{c.categoryName}</Tag>}
                {c.overdue && <Tag color="red">{t('intake.overdue')}</Tag>}
                {c.supervisionLevel >= 2 && (
                  <Tag color="red">{t('intake.supervised', { level: c.supervisionLevel })}</Tag>
                )}
              </Space>
              <Link to={`/cases/${c.id}`} style={{ fontSize: 16, fontWeight: 600 }}>
                {c.title} <RightOutlined style={{ fontSize: 12 }} />
              </Link>
              {due && (
                <Typography.Text type={c.overdue ? 'danger' : undefined}>
                  {c.state === 'dispatched' ? t('intake.signDue') : t('intake.handleDue')}：
                  {formatDateTime(due)}
                </Typography.Text>
              )}
              {actions.map((a) => (
                <Button
                  key={a}
                  size="large"
                  block
                  type={a === 'leader_return' || a === 'request_extension' ? 'default' : 'primary'}
                  danger={a === 'leader_return'}
                  onClick={() => start(c, a)}
                  data-testid={`my-case-${a}-${c.id}`}
                >
                  {intakeLabel(t, 'actionValue', a)}
                </Button>
              ))}
            </Flex>
          </Card>
        );
      })}
      {acting && (
        <CaseActionDialog
          detail={acting.detail}
          action={acting.action}
          onClose={() => setActing(null)}
          onDone={() => {
            setActing(null);
            void load();
          }}
        />
      )}
    </Flex>
  );
}
