import type { AuditLogRow } from '../../platform/db/schema.ts';

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    // Written by appendAudit as JSON; a row altered by hand is shown as it is (verify will flag it).
    return text;
  }
}

export function presentAuditEntry(r: AuditLogRow) {
  return {
    id: r.id,
    at: r.at,
    actorName: r.actor_name,
    actorRole: r.actor_role,
    ip: r.ip,
    requestId: r.request_id,
    action: r.action,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    before: parseJson(r.before_json),
    after: parseJson(r.after_json),
  };
}
