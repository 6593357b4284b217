import { canAdministerOrg, isUnitRole } from '@shouwang/common';
import type { Actor } from '../../platform/http/actor.ts';

/** Pure rules over loaded rows; lists are filtered in SQL with the same rules (channels.repository.ts). */
export const notificationsPolicy = {
  /** Office and system admins configure their office's channels (SMTP, robots, webhooks). */
  canManageChannels(actor: Actor): boolean {
    return canAdministerOrg(actor.role);
  },
  /** A channel belongs to a region: admins manage those of their region and below. */
  canSeeChannel(actor: Actor, channel: { regionPath: string }): boolean {
    return channel.regionPath.startsWith(actor.regionPath);
  },
  /**
   * The delivery log names recipients and office channels: office roles who may see the notice read it;
   * unit roles may see the notice but not its log.
   */
  canReadDeliveries(actor: Actor): boolean {
    return !isUnitRole(actor.role);
  },
};

export function channelAbilities(actor: Actor, channel: { regionPath: string }) {
  const manage =
    notificationsPolicy.canManageChannels(actor) && notificationsPolicy.canSeeChannel(actor, channel);
  return { update: manage, delete: manage, test: manage };
}
