import type { AssetKind, UnitKind } from '@shouwang/common';

/**
 * The demo jurisdiction: a fictional city (江川市) with four districts/counties. Every name, domain and
 * address is invented; domains end in ".example" (reserved, RFC 2606) so nothing real is ever probed.
 * IPs come from the documentation ranges (RFC 5737).
 */
export interface DemoAsset {
  kind: AssetKind;
  name: string;
  domains?: string[];
  ips?: string[];
  mlpsLevel?: number;
  tags?: string[];
}

export interface DemoUnit {
  name: string;
  kind: UnitKind;
  isCii?: boolean;
  contactName: string;
  contactPhone: string;
  leaderName: string;
  assets: DemoAsset[];
}

export interface DemoRegion {
  name: string;
  code: string;
  units: DemoUnit[];
  children?: DemoRegion[];
}

const site = (name: string, host: string, mlpsLevel = 2): DemoAsset => ({
  kind: 'website',
  name,
  domains: [host],
  mlpsLevel,
  tags: ['门户网站'],
});

export const DEMO_CITY: DemoRegion = {
  name: '江川市',
  code: '990100',
  units: [
    {
      name: '江川市人民政府办公室',
      kind: 'government',
      contactName: '林晓',
      contactPhone: '13900000101',
      leaderName: '周正',
      assets: [
        site('江川市人民政府门户网站', 'www.jiangchuan.gov.example', 3),
        {
          kind: 'system',
          name: '江川市协同办公系统',
          domains: ['oa.jiangchuan.gov.example'],
          mlpsLevel: 3,
          tags: ['内部系统'],
        },
        site('江川市政务公开平台', 'gk.jiangchuan.gov.example'),
      ],
    },
    {
      name: '江川市教育局',
      kind: 'government',
      contactName: '陈静',
      contactPhone: '13900000102',
      leaderName: '吴建国',
      assets: [
        site('江川市教育局网站', 'jyj.jiangchuan.gov.example'),
        site('江川市招生考试信息网', 'zk.jiangchuan.gov.example'),
      ],
    },
    {
      name: '江川市卫生健康委员会',
      kind: 'government',
      contactName: '王敏',
      contactPhone: '13900000103',
      leaderName: '李卫东',
      assets: [site('江川市卫生健康委员会网站', 'wjw.jiangchuan.gov.example')],
    },
    {
      name: '江川市政务服务数据管理局',
      kind: 'government',
      contactName: '赵磊',
      contactPhone: '13900000104',
      leaderName: '孙海',
      assets: [
        site('江川市政务服务网', 'zwfw.jiangchuan.gov.example', 3),
        {
          kind: 'system',
          name: '江川市政务数据共享交换平台',
          ips: ['192.0.2.10'],
          mlpsLevel: 3,
          tags: ['数据平台'],
        },
      ],
    },
    {
      name: '江川市自来水有限公司',
      kind: 'cii_operator',
      isCii: true,
      contactName: '刘洋',
      contactPhone: '13900000105',
      leaderName: '郑平',
      assets: [
        site('江川自来水公司网站', 'www.jcwater.example'),
        {
          kind: 'cii',
          name: '江川市供水调度控制系统',
          ips: ['192.0.2.20', '192.0.2.21'],
          mlpsLevel: 3,
          tags: ['工控系统'],
        },
        { kind: 'system', name: '江川自来水网上营业厅', domains: ['pay.jcwater.example'], mlpsLevel: 2 },
      ],
    },
    {
      name: '江川供电有限公司',
      kind: 'cii_operator',
      isCii: true,
      contactName: '黄涛',
      contactPhone: '13900000106',
      leaderName: '马骏',
      assets: [
        site('江川供电公司网站', 'www.jcpower.example'),
        { kind: 'cii', name: '江川配电自动化系统', ips: ['198.51.100.30'], mlpsLevel: 3, tags: ['工控系统'] },
        {
          kind: 'cii',
          name: '江川电力调度数据网',
          ips: ['198.51.100.0/28'],
          mlpsLevel: 3,
          tags: ['工控系统'],
        },
      ],
    },
    {
      name: '江川市人民医院',
      kind: 'hospital',
      contactName: '何丽',
      contactPhone: '13900000107',
      leaderName: '韩志明',
      assets: [
        site('江川市人民医院网站', 'www.jcrmyy.example'),
        {
          kind: 'system',
          name: '江川市人民医院信息系统（HIS）',
          ips: ['203.0.113.40'],
          mlpsLevel: 3,
          tags: ['医疗'],
        },
        {
          kind: 'system',
          name: '江川市人民医院预约挂号平台',
          domains: ['yy.jcrmyy.example'],
          mlpsLevel: 2,
          tags: ['医疗'],
        },
      ],
    },
  ],
  children: [
    {
      name: '江川区',
      code: '990102',
      units: [
        {
          name: '江川区人民政府',
          kind: 'government',
          contactName: '杨帆',
          contactPhone: '13900000201',
          leaderName: '许文',
          assets: [
            site('江川区人民政府网站', 'jcq.jiangchuan.gov.example'),
            site('江川区融媒体中心', 'news.jcq.jiangchuan.gov.example', 2),
          ],
        },
        {
          name: '江川市第一中学',
          kind: 'school',
          contactName: '罗佳',
          contactPhone: '13900000202',
          leaderName: '唐明',
          assets: [
            site('江川市第一中学网站', 'www.jcyz.example', 2),
            { kind: 'system', name: '江川一中教务管理系统', domains: ['jw.jcyz.example'], mlpsLevel: 2 },
          ],
        },
      ],
      children: [
        {
          name: '望江街道',
          code: '990102001',
          units: [
            {
              name: '望江街道办事处',
              kind: 'township',
              contactName: '蒋欣',
              contactPhone: '13900000211',
              leaderName: '邓强',
              assets: [site('望江街道网站', 'wj.jcq.jiangchuan.gov.example', 1)],
            },
          ],
        },
        {
          name: '柳岸街道',
          code: '990102002',
          units: [
            {
              name: '柳岸街道办事处',
              kind: 'township',
              contactName: '曾琳',
              contactPhone: '13900000212',
              leaderName: '彭辉',
              assets: [site('柳岸街道网站', 'la.jcq.jiangchuan.gov.example', 1)],
            },
          ],
        },
        { name: '东湖街道', code: '990102003', units: [] },
      ],
    },
    {
      name: '临河区',
      code: '990103',
      units: [
        {
          name: '临河区人民政府',
          kind: 'government',
          contactName: '沈悦',
          contactPhone: '13900000301',
          leaderName: '谢勇',
          assets: [
            site('临河区人民政府网站', 'lhq.jiangchuan.gov.example'),
            {
              kind: 'system',
              name: '临河区网格化管理平台',
              domains: ['wg.lhq.jiangchuan.gov.example'],
              mlpsLevel: 2,
            },
          ],
        },
        {
          name: '临河区中心小学',
          kind: 'school',
          contactName: '韦华',
          contactPhone: '13900000302',
          leaderName: '潘亮',
          assets: [site('临河区中心小学网站', 'www.lhxx.example', 1)],
        },
      ],
      children: [
        {
          name: '河口镇',
          code: '990103101',
          units: [
            {
              name: '河口镇人民政府',
              kind: 'township',
              contactName: '邱月',
              contactPhone: '13900000311',
              leaderName: '余波',
              assets: [site('河口镇政府网站', 'hk.lhq.jiangchuan.gov.example', 1)],
            },
          ],
        },
        {
          name: '沙洲镇',
          code: '990103102',
          units: [
            {
              name: '沙洲镇人民政府',
              kind: 'township',
              contactName: '傅雪',
              contactPhone: '13900000312',
              leaderName: '程刚',
              assets: [site('沙洲镇政府网站', 'sz.lhq.jiangchuan.gov.example', 1)],
            },
          ],
        },
      ],
    },
    {
      name: '青山县',
      code: '990121',
      units: [
        {
          name: '青山县人民政府',
          kind: 'government',
          contactName: '袁琪',
          contactPhone: '13900000401',
          leaderName: '雷鸣',
          assets: [
            site('青山县人民政府网站', 'www.qingshan.gov.example'),
            site('青山县文化旅游网', 'ly.qingshan.gov.example', 1),
          ],
        },
        {
          name: '青山县人民医院',
          kind: 'hospital',
          contactName: '方婷',
          contactPhone: '13900000402',
          leaderName: '石磊',
          assets: [
            site('青山县人民医院网站', 'www.qsrmyy.example'),
            {
              kind: 'system',
              name: '青山县人民医院远程会诊系统',
              ips: ['203.0.113.60'],
              mlpsLevel: 3,
              tags: ['医疗'],
            },
          ],
        },
      ],
      children: [
        {
          name: '青山镇',
          code: '990121101',
          units: [
            {
              name: '青山镇人民政府',
              kind: 'township',
              contactName: '戴薇',
              contactPhone: '13900000411',
              leaderName: '夏松',
              assets: [site('青山镇政府网站', 'qsz.qingshan.gov.example', 1)],
            },
          ],
        },
        {
          name: '云岭乡',
          code: '990121201',
          units: [
            {
              name: '云岭乡人民政府',
              kind: 'township',
              contactName: '钟慧',
              contactPhone: '13900000412',
              leaderName: '汪涛',
              assets: [site('云岭乡政府网站', 'yl.qingshan.gov.example', 1)],
            },
          ],
        },
        { name: '石门乡', code: '990121202', units: [] },
      ],
    },
    {
      name: '白石县',
      code: '990122',
      units: [
        {
          name: '白石县人民政府',
          kind: 'government',
          contactName: '田甜',
          contactPhone: '13900000501',
          leaderName: '董军',
          assets: [
            site('白石县人民政府网站', 'www.baishi.gov.example'),
            { kind: 'system', name: '白石县政务服务中心排队叫号系统', ips: ['198.51.100.77'], mlpsLevel: 2 },
          ],
        },
        {
          name: '白石县水务集团',
          kind: 'cii_operator',
          isCii: true,
          contactName: '任静',
          contactPhone: '13900000502',
          leaderName: '姚峰',
          assets: [
            site('白石县水务集团网站', 'www.bswater.example', 2),
            {
              kind: 'cii',
              name: '白石县污水处理监控系统',
              ips: ['198.51.100.90'],
              mlpsLevel: 3,
              tags: ['工控系统'],
            },
          ],
        },
      ],
      children: [
        {
          name: '白石镇',
          code: '990122101',
          units: [
            {
              name: '白石镇人民政府',
              kind: 'township',
              contactName: '廖晨',
              contactPhone: '13900000511',
              leaderName: '范伟',
              assets: [site('白石镇政府网站', 'bsz.baishi.gov.example', 1)],
            },
          ],
        },
        {
          name: '龙泉镇',
          code: '990122102',
          units: [
            {
              name: '龙泉镇人民政府',
              kind: 'township',
              contactName: '金玲',
              contactPhone: '13900000512',
              leaderName: '陆斌',
              assets: [site('龙泉镇政府网站', 'lq.baishi.gov.example', 1)],
            },
          ],
        },
      ],
    },
  ],
};

/** The county the demo county administrator runs, and the unit of the demo unit users. */
export const DEMO_COUNTY_NAME = '青山县';
export const DEMO_UNIT_NAME = '青山县人民医院';

/** One demo user per role besides the administrator; all share the administrator's first password. */
export const DEMO_USERS = [
  { username: 'analyst', displayName: '演示·研判分析员', role: 'analyst', at: 'city' },
  { username: 'duty', displayName: '演示·值班员', role: 'duty_officer', at: 'city' },
  { username: 'auditor', displayName: '演示·审计员', role: 'auditor', at: 'city' },
  { username: 'countyadmin', displayName: '演示·青山县网信办管理员', role: 'office_admin', at: 'county' },
  { username: 'unitleader', displayName: '演示·医院分管领导', role: 'unit_leader', at: 'unit' },
  { username: 'unithandler', displayName: '演示·医院网络安全员', role: 'unit_handler', at: 'unit' },
] as const;

/** Name of the root region created at a first start without the demo; the administrator renames it. */
export const DEFAULT_ROOT_REGION_NAME = '本辖区';
