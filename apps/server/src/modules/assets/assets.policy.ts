import { canEditAssets, isUnitRole } from '@shouwang/common';
import type { Actor } from '../../platform/http/actor.ts';
import { orgPolicy } from '../org/org.policy.ts';

/** An asset as the rules need it: its unit and that unit's region path. */
export interface AssetLike {
  unitId: number;
  regionPath: string;
}

/**
 * Pure rules over loaded rows. An asset is visible exactly when its unit is (the org jurisdiction rule);
 * lists apply the same rule in SQL (unitVisibleTo).
 */
export const assetPolicy = {
  canRead(actor: Actor, asset: AssetLike): boolean {
    return orgPolicy.canReadUnit(actor, { id: asset.unitId, regionPath: asset.regionPath });
  },
  /** Office roles allowed to edit assets, inside their jurisdiction; unit roles only read. */
  canWrite(actor: Actor, asset: AssetLike): boolean {
    return (
      canEditAssets(actor.role) && !isUnitRole(actor.role) && asset.regionPath.startsWith(actor.regionPath)
    );
  },
  canImport(actor: Actor): boolean {
    return canEditAssets(actor.role) && !isUnitRole(actor.role);
  },
};

export function assetAbilities(actor: Actor, asset: AssetLike) {
  const write = assetPolicy.canWrite(actor, asset);
  return { update: write, delete: write };
}
