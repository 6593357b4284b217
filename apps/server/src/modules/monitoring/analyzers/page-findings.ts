import type { CheckFinding } from '../check-types.ts';
import type { CloakingResult } from './cloaking.ts';
import { findHiddenLinksInModel, type HiddenLinkFinding } from './hidden-links.ts';
import { findIcpInModel, type IcpResult } from './icp.ts';
import { createDefaultKeywordMatcher, type KeywordHit, type KeywordMatcher } from './keyword-matcher.ts';
import { type ExtractedLink, extractLinksFromModel } from './links.ts';
import { buildPageModel, type PageModel } from './page-model.ts';
import {
  compareSnapshots,
  type PageSnapshot,
  type SnapshotComparison,
  snapshotFromModel,
} from './snapshot.ts';

/**
 * Runs every content analyzer on one fetched page and turns the results into CheckFindings. Government pages
 * often publish anti-fraud and anti-gambling warnings that name the very scams (谨防刷单返利), so a keyword in
 * visible text next to a warning word is not counted; keywords in hidden text or the title/meta always are.
 */

export type ContentCheckOptions = {
  isHomepage: boolean;
  matcher?: KeywordMatcher;
  trustedDomains?: readonly string[];
  /** The accepted baseline of this page; without one no defacement finding is possible. */
  baseline?: PageSnapshot;
  defacementThreshold?: number;
};

export type ContentAnalysis = {
  findings: CheckFinding[];
  snapshot: PageSnapshot;
  hiddenLinks: HiddenLinkFinding[];
  keywordHits: { where: 'visible' | 'hidden' | 'meta'; hit: KeywordHit; warningContext: boolean }[];
  icp: IcpResult;
  links: ExtractedLink[];
};

const WARNING_WORDS =
  /打击|防范|警惕|谨防|反诈|严禁|取缔|查处|举报|揭秘|骗局|提醒|提防|切勿|不要|识破|整治|治理|专项|严厉|依法|宣传|防骗|诈骗案/;

function isWarningContext(text: string, hit: KeywordHit): boolean {
  const around = text.slice(Math.max(0, hit.index - 30), hit.index + hit.length + 30);
  return WARNING_WORDS.test(around);
}

export function analyzePageContent(
  html: string,
  pageUrl: string,
  options: ContentCheckOptions,
): ContentAnalysis {
  return analyzePageModel(buildPageModel(html, pageUrl), options);
}

/** The defacement finding for a page that changed from its baseline beyond the threshold. */
export function defacementFinding(
  comparison: SnapshotComparison,
  pageUrl: string,
  isHomepage: boolean,
): CheckFinding {
  return {
    pageUrl,
    isHomepage,
    type: 'defacement',
    severity: isHomepage ? 'II' : 'III',
    title: `Page changed from its baseline (${comparison.reasons.join(', ')})`,
    evidence: {
      ...comparison,
      diff: { ...comparison.diff, text: comparison.diff.text.slice(0, 20_000) },
    },
  };
}

/** analyzePageContent on a page model already built (the model is read, never changed). */
export function analyzePageModel(model: PageModel, options: ContentCheckOptions): ContentAnalysis {
  const matcher = options.matcher ?? createDefaultKeywordMatcher();
  const { isHomepage } = options;
  const base = { pageUrl: model.pageUrl, isHomepage };
  const findings: CheckFinding[] = [];

  const hiddenLinks = findHiddenLinksInModel(model, {
    matcher,
    ...(options.trustedDomains ? { trustedDomains: options.trustedDomains } : {}),
  });
  if (hiddenLinks.length > 0) {
    const techniques = [...new Set(hiddenLinks.flatMap((h) => h.techniques))];
    findings.push({
      ...base,
      type: 'hidden_links',
      severity: 'II',
      title: `${hiddenLinks.length} hidden suspicious link(s) (${techniques.join(', ')})`,
      evidence: { count: hiddenLinks.length, techniques, links: hiddenLinks.slice(0, 50) },
    });
  }

  const keywordHits: ContentAnalysis['keywordHits'] = [];
  for (const [where, text] of [
    ['visible', model.visibleText],
    ['hidden', model.hiddenText],
    ['meta', model.metaText],
  ] as const) {
    for (const hit of matcher.scan(text, { maxHits: 300 })) {
      keywordHits.push({ where, hit, warningContext: where === 'visible' && isWarningContext(text, hit) });
    }
  }
  const counted = keywordHits.filter((k) => !k.warningContext);
  if (counted.length > 0) {
    const categories = [...new Set(counted.map((k) => k.hit.category))];
    findings.push({
      ...base,
      type: 'illegal_content',
      severity: isHomepage || counted.some((k) => k.where !== 'visible') ? 'II' : 'III',
      title: `Illegal-content keywords (${categories.join(', ')}) on the page`,
      evidence: {
        categories,
        hits: counted.slice(0, 50).map(({ where, hit }) => ({
          where,
          category: hit.category,
          keyword: hit.keyword,
          context: hit.context,
        })),
        ignoredWarningMentions: keywordHits.length - counted.length,
      },
    });
  }

  const icp = findIcpInModel(model);
  if (isHomepage && (!icp.icp?.valid || !icp.icp.visible)) {
    findings.push({
      ...base,
      type: 'icp_missing',
      severity: 'IV',
      title: icp.icp
        ? `ICP number ${icp.icp.number} is ${icp.icp.valid ? 'not visible' : 'malformed'}`
        : 'No ICP record number on the homepage',
      evidence: { icp: icp.icp, police: icp.police, candidates: icp.candidates },
    });
  }

  const snapshot = snapshotFromModel(model, matcher);
  if (options.baseline) {
    const comparison = compareSnapshots(
      options.baseline,
      snapshot,
      options.defacementThreshold === undefined ? {} : { threshold: options.defacementThreshold },
    );
    if (comparison.changed) findings.push(defacementFinding(comparison, model.pageUrl, isHomepage));
  }
  return { findings, snapshot, hiddenLinks, keywordHits, icp, links: extractLinksFromModel(model) };
}

export function cloakingFindings(
  result: CloakingResult,
  pageUrl: string,
  isHomepage: boolean,
): CheckFinding[] {
  if (!result.cloaked) return [];
  return [
    {
      type: 'cloaking',
      severity: 'II',
      title: `Content served only to crawlers or search visitors (${result.reasons.join(', ')})`,
      evidence: { reasons: result.reasons, ...result.evidence },
      pageUrl,
      isHomepage,
    },
  ];
}
