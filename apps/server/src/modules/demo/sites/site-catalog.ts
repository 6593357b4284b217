import { HIDDEN_TECHNIQUES, type HiddenTechnique } from './spam.ts';

/** What a demo site does wrong (or nothing, for the healthy one). */
export type DemoSiteBehaviour =
  | { kind: 'healthy' }
  | { kind: 'defaced' }
  | { kind: 'hidden_links'; technique: HiddenTechnique }
  | { kind: 'cloaked' }
  | { kind: 'expired_tls' }
  | { kind: 'slow' }
  | { kind: 'flapping' }
  | { kind: 'gambling' }
  /** Links built by a script from fetched JSON and hidden by CSS applied at runtime (runtime-spam.ts). */
  | { kind: 'runtime_hidden_links' };

export interface DemoSiteSpec {
  /** Stable key: names the site in logs, in the persisted port map and in tests. */
  key: string;
  /** The demo asset (demo-data.ts) whose URL points at this site. */
  assetName: string;
  organiser: string;
  behaviour: DemoSiteBehaviour;
}

// Which demo asset plays which part. The demo unit handler's hospital carries hidden links, so a unit
// user sees a finding on their own phone; the others are spread over the city's units and counties.
const HIDDEN_ASSETS: Record<HiddenTechnique, { assetName: string; organiser: string }> = {
  display_none: { assetName: '青山县人民医院网站', organiser: '青山县人民医院' },
  visibility_hidden: { assetName: '江川市卫生健康委员会网站', organiser: '江川市卫生健康委员会' },
  offscreen: { assetName: '江川市政务服务网', organiser: '江川市政务服务数据管理局' },
  zero_size: { assetName: '江川区人民政府网站', organiser: '江川区人民政府' },
  same_colour: { assetName: '望江街道网站', organiser: '望江街道办事处' },
  overflow_clip: { assetName: '柳岸街道网站', organiser: '柳岸街道办事处' },
  zero_width_chars: { assetName: '临河区人民政府网站', organiser: '临河区人民政府' },
  script_written: { assetName: '河口镇政府网站', organiser: '河口镇人民政府' },
};

export const DEMO_SITES: readonly DemoSiteSpec[] = [
  {
    key: 'healthy',
    assetName: '江川市人民政府门户网站',
    organiser: '江川市人民政府办公室',
    behaviour: { kind: 'healthy' },
  },
  {
    key: 'defaced',
    assetName: '江川市教育局网站',
    organiser: '江川市教育局',
    behaviour: { kind: 'defaced' },
  },
  ...HIDDEN_TECHNIQUES.map(
    (technique): DemoSiteSpec => ({
      key: `hidden-${technique.replaceAll('_', '-')}`,
      ...HIDDEN_ASSETS[technique],
      behaviour: { kind: 'hidden_links', technique },
    }),
  ),
  {
    key: 'cloaked',
    assetName: '青山县人民政府网站',
    organiser: '青山县人民政府',
    behaviour: { kind: 'cloaked' },
  },
  {
    key: 'expired-tls',
    assetName: '青山县文化旅游网',
    organiser: '青山县人民政府',
    behaviour: { kind: 'expired_tls' },
  },
  { key: 'slow', assetName: '沙洲镇政府网站', organiser: '沙洲镇人民政府', behaviour: { kind: 'slow' } },
  {
    key: 'flapping',
    assetName: '白石县人民政府网站',
    organiser: '白石县人民政府',
    behaviour: { kind: 'flapping' },
  },
  {
    key: 'gambling',
    assetName: '白石镇政府网站',
    organiser: '白石镇人民政府',
    behaviour: { kind: 'gambling' },
  },
  // Last, so the sites before it keep their default ports (basePort + index).
  {
    key: 'hidden-runtime',
    assetName: '青山镇政府网站',
    organiser: '青山镇人民政府',
    behaviour: { kind: 'runtime_hidden_links' },
  },
];
