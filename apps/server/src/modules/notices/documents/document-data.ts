/** What the notice documents print, as loaded by documents.repository.ts. */
export interface DocumentNotice {
  id: number;
  docNumber: string | null;
  title: string;
  description: string;
  requiredActions: string;
  category: string;
  severity: string;
  tlp: string;
  state: string;
  signDueAt: string | null;
  rectifyDueAt: string | null;
  deadlineProvisional: number;
  issuedAt: string | null;
  signedAt: string | null;
  reportedAt: string | null;
  regionPath: string;
  unitId: number;
  unitName: string;
  officeRegionName: string;
  assetName: string | null;
}

export interface DocumentFinding {
  title: string;
  pageUrl: string | null;
  isHomepage: number;
  evidence: string;
  firstSeenAt: string;
  lastSeenAt: string;
}

export interface DocumentAttachment {
  kind: string;
  fileName: string;
  /** The uploader's unit, null for office staff. */
  uploaderUnitId: number | null;
}

export interface DocumentEvent {
  at: string;
  actorName: string;
  action: string;
  reason: string | null;
  data: string | null;
}
