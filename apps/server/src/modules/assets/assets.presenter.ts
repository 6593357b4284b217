import type { Actor } from '../../platform/http/actor.ts';
import { assetAbilities } from './assets.policy.ts';
import type { AssetWithUnit } from './assets.repository.ts';

export function presentAsset(actor: Actor, a: AssetWithUnit) {
  return {
    id: a.id,
    unitId: a.unitId,
    unitName: a.unitName,
    regionId: a.regionId,
    regionName: a.regionName,
    kind: a.kind,
    name: a.name,
    domains: a.domains,
    urls: a.urls,
    ips: a.ips,
    mlpsLevel: a.mlpsLevel,
    isCii: a.isCii,
    contactName: a.contactName,
    contactPhone: a.contactPhone,
    tags: a.tags,
    notes: a.notes,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    abilities: assetAbilities(actor, a),
  };
}
