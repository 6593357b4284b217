import {
  Alert,
  Card,
  Col,
  Flex,
  Image,
  Row,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { SiteRender } from './monitoring-types.ts';
import type { RenderView } from './render-view.ts';

type HiddenLink = RenderView['hiddenLinks'][number];

const OUTCOME_COLOUR: Record<RenderView['outcome'], string> = {
  ok: 'green',
  timeout: 'orange',
  failed: 'red',
};

/** The screenshot of a render (the server checks the site's jurisdiction; the session cookie goes along). */
export const screenshotUrl = (renderId: number) => `/api/v1/monitoring/renders/${renderId}/screenshot`;

/**
 * The latest render of each rendered page of a site: the screenshot as evidence, and the links the
 * browser hides, with how, and whether the static pass had seen them. Nothing when no page was rendered.
 */
export function SiteRenders({ renders }: { renders: SiteRender[] }) {
  const { t } = useI18n();
  if (renders.length === 0) return null;
  return (
    <Card size="small" title={t('monitoring.renders')} data-testid="site-renders">
      <Space direction="vertical" size={24} style={{ width: '100%' }}>
        {renders.map((r) => (
          <RenderBlock key={r.renderId} render={r} />
        ))}
      </Space>
    </Card>
  );
}

/**
 * One render: screenshot, counts, and the hidden links with how they are hidden (also on the findings
 * list, for a finding whose evidence carries a render).
 */
export function RenderBlock({ render }: { render: RenderView }) {
  const { t, label } = useI18n();
  const columns: TableColumnsType<HiddenLink> = [
    {
      title: t('monitoring.renderLink'),
      key: 'link',
      render: (_, h) => (
        <Flex vertical>
          <Typography.Text copyable={{ text: h.href }} style={{ wordBreak: 'break-all' }}>
            {h.href}
          </Typography.Text>
          {h.text && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {h.text}
            </Typography.Text>
          )}
          {h.frameUrl && (
            <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
              {t('monitoring.renderInFrame', { url: h.frameUrl })}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      title: t('monitoring.renderHowHidden'),
      key: 'how',
      width: 220,
      render: (_, h) => (
        <Space size={[4, 4]} wrap>
          {h.reasons.map((reason) => (
            <Tag key={reason}>{label('renderHiding', reason)}</Tag>
          ))}
          {h.staticAlso ? (
            <Tag color="blue">{t('monitoring.renderStaticAlso')}</Tag>
          ) : (
            <Tag color="volcano" data-testid="render-script-only">
              {t('monitoring.renderScriptOnly')}
            </Tag>
          )}
        </Space>
      ),
    },
  ];
  return (
    <div data-testid={`site-render-${render.renderId}`} data-outcome={render.outcome}>
      <Flex wrap gap={8} align="center" style={{ marginBottom: 8 }}>
        {render.isHomepage ? (
          <Tag color="red">{t('monitoring.homepage')}</Tag>
        ) : (
          <Typography.Text ellipsis style={{ maxWidth: 360 }}>
            {render.pageUrl}
          </Typography.Text>
        )}
        <Tag color={OUTCOME_COLOUR[render.outcome]}>{label('renderOutcome', render.outcome)}</Tag>
        <Typography.Text type="secondary">
          {render.durationMs === undefined
            ? t('monitoring.renderedAtOnly', { at: formatDateTime(render.renderedAt, true) })
            : t('monitoring.renderedAt', {
                at: formatDateTime(render.renderedAt, true),
                seconds: Math.round(render.durationMs / 100) / 10,
              })}
        </Typography.Text>
        {render.reasons && render.reasons.length > 0 && (
          <>
            <Typography.Text type="secondary">{t('monitoring.renderReasons')}:</Typography.Text>
            {render.reasons.map((reason) => (
              <Tag key={reason}>{label('renderReason', reason)}</Tag>
            ))}
          </>
        )}
      </Flex>
      {render.error && <Alert type="warning" showIcon title={render.error} style={{ marginBottom: 8 }} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          {render.screenshot ? (
            <Image
              src={screenshotUrl(render.renderId)}
              alt={t('monitoring.renderScreenshot')}
              width="100%"
              style={{
                maxHeight: 360,
                objectFit: 'cover',
                objectPosition: 'top',
                border: '1px solid #f0f0f0',
              }}
              data-testid="render-screenshot"
            />
          ) : (
            <Typography.Text type="secondary">{t('monitoring.renderNoScreenshot')}</Typography.Text>
          )}
        </Col>
        <Col xs={24} md={16}>
          <Space direction="vertical" size={8} style={{ width: '100%' }}>
            <Typography.Text data-testid="render-counts">
              {t('monitoring.renderVisibleLinks', { n: render.visibleLinks, hidden: render.hiddenCount })}
            </Typography.Text>
            <Table<HiddenLink>
              data-testid="render-hidden-links"
              rowKey={(h) => `${h.kind}:${h.href}`}
              size="small"
              columns={columns}
              dataSource={render.hiddenLinks}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              locale={{ emptyText: t('monitoring.renderNoHidden') }}
            />
            {render.notConfirmed.length > 0 && (
              <Alert
                type="info"
                showIcon
                title={t('monitoring.renderNotConfirmed', {
                  links: render.notConfirmed.map((n) => n.href).join(', '),
                })}
              />
            )}
            {render.blockedCount > 0 && (
              <Typography.Text type="secondary" data-testid="render-blocked">
                {t('monitoring.renderBlocked', { n: render.blockedCount })}
              </Typography.Text>
            )}
          </Space>
        </Col>
      </Row>
    </div>
  );
}
