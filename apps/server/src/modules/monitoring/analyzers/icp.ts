import { buildPageModel, type PageModel } from './page-model.ts';
import { foldText } from './text-normalize.ts';

/**
 * The ICP record number (备案号, e.g. 京ICP备12345678号-1, or an ICP licence 京ICP证030173号) and the public
 * security record number (京公网安备 11010502030143号) that Chinese sites show in their footer.
 */

export type IcpNumber = {
  number: string;
  province: string;
  kind: 'record' | 'licence';
  valid: boolean;
  visible: boolean;
};
export type PoliceNumber = { number: string; province: string; valid: boolean; visible: boolean };
export type IcpResult = { icp: IcpNumber | null; police: PoliceNumber | null; candidates: string[] };

/** Abbreviations MIIT uses in ICP numbers (蜀 for Sichuan, 黔 Guizhou, 滇 Yunnan, 陇 Gansu …). */
const ICP_PROVINCES = new Set(Array.from('京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝蜀黔滇藏陕陇青宁新'));
const PROVINCE_CODES: Record<string, string> = {
  京: '11',
  津: '12',
  冀: '13',
  晋: '14',
  蒙: '15',
  辽: '21',
  吉: '22',
  黑: '23',
  沪: '31',
  苏: '32',
  浙: '33',
  皖: '34',
  闽: '35',
  赣: '36',
  鲁: '37',
  豫: '41',
  鄂: '42',
  湘: '43',
  粤: '44',
  桂: '45',
  琼: '46',
  渝: '50',
  川: '51',
  蜀: '51',
  贵: '52',
  黔: '52',
  云: '53',
  滇: '53',
  藏: '54',
  陕: '61',
  秦: '61',
  甘: '62',
  陇: '62',
  青: '63',
  宁: '64',
  新: '65',
};
const PROVINCE_CLASS = `[${Object.keys(PROVINCE_CODES).join('')}]`;
const ICP_RE = new RegExp(
  `(${PROVINCE_CLASS})\\s*icp\\s*(备|证)\\s*(?:案\\s*)?(?:号\\s*)?[:：]?\\s*(\\d{4,12})\\s*号?(?:\\s*-\\s*(\\d{1,3}))?`,
  'gi',
);
const POLICE_RE = new RegExp(`(${PROVINCE_CLASS})\\s*公网安备\\s*[:：]?\\s*(\\d{8,16})\\s*号?`, 'g');

function icpIn(text: string, visible: boolean): IcpNumber[] {
  const found: IcpNumber[] = [];
  for (const m of text.matchAll(ICP_RE)) {
    const [, province = '', kindChar = '', digits = '', suffix] = m;
    const kind = kindChar === '证' ? 'licence' : 'record';
    const validDigits = kind === 'licence' ? /^\d{6}$/.test(digits) : /^(\d{8}|20\d{8})$/.test(digits);
    found.push({
      number: `${province}ICP${kindChar}${digits}号${suffix ? `-${suffix}` : ''}`,
      province,
      kind,
      valid: ICP_PROVINCES.has(province) && validDigits,
      visible,
    });
  }
  return found;
}

function policeIn(text: string, visible: boolean): PoliceNumber[] {
  return [...text.matchAll(POLICE_RE)].map(([, province = '', digits = '']) => ({
    number: `${province}公网安备${digits}号`,
    province,
    valid: digits.length === 14 && digits.startsWith(PROVINCE_CODES[province] ?? '--'),
    visible,
  }));
}

export function findIcpInModel(model: PageModel): IcpResult {
  const visible = foldText(model.visibleText);
  const hidden = foldText(`${model.hiddenText} ${model.links.map((l) => `${l.title} ${l.text}`).join(' ')}`);
  const icps = [...icpIn(visible, true), ...icpIn(hidden, false)];
  const police = [...policeIn(visible, true), ...policeIn(hidden, false)];
  // Prefer a visible, valid number; the footer's comes last on the page, so among equals take the last one.
  const pick = <T extends { valid: boolean; visible: boolean }>(list: T[]): T | null =>
    [...list].sort((a, b) => Number(b.visible) - Number(a.visible) || Number(b.valid) - Number(a.valid))[0] ??
    null;
  return {
    icp: pick(icps.reverse()),
    police: pick(police.reverse()),
    candidates: [...new Set([...icps, ...police].map((x) => x.number))],
  };
}

/** Finds the ICP and public-security record numbers of a page. */
export function findIcpNumber(html: string, pageUrl = 'http://localhost/'): IcpResult {
  return findIcpInModel(buildPageModel(html, pageUrl));
}
