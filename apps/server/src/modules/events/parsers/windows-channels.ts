// Windows event channels and event IDs -> Sigma log sources (SigmaHQ's windows services and
// categories), so each event meets the rules written for it.

/** Channel (lower case) -> SigmaHQ `service`. */
const CHANNEL_SERVICES: Readonly<Record<string, string>> = {
  security: 'security',
  system: 'system',
  application: 'application',
  'microsoft-windows-sysmon/operational': 'sysmon',
  'windows powershell': 'powershell-classic',
  'microsoft-windows-powershell/operational': 'powershell',
  'powershellcore/operational': 'powershell',
  'microsoft-windows-taskscheduler/operational': 'taskscheduler',
  'microsoft-windows-windows defender/operational': 'windefend',
  'microsoft-windows-wmi-activity/operational': 'wmi',
  'microsoft-windows-dns-client/operational': 'dns-client',
  'dns server': 'dns-server',
  'microsoft-windows-bits-client/operational': 'bits-client',
  'microsoft-windows-codeintegrity/operational': 'codeintegrity-operational',
  'microsoft-windows-applocker/exe and dll': 'applocker',
  'microsoft-windows-applocker/msi and script': 'applocker',
  'microsoft-windows-applocker/packaged app-deployment': 'applocker',
  'microsoft-windows-applocker/packaged app-execution': 'applocker',
  'microsoft-windows-terminalservices-localsessionmanager/operational':
    'terminalservices-localsessionmanager',
  'microsoft-windows-windows firewall with advanced security/firewall': 'firewall-as',
  'microsoft-windows-ntlm/operational': 'ntlm',
  'microsoft-windows-smbclient/security': 'smbclient-security',
  'microsoft-windows-driverframeworks-usermode/operational': 'driver-framework',
  'microsoft-windows-ldap-client/debug': 'ldap_debug',
  'microsoft-windows-shell-core/operational': 'shell-core',
  'openssh/operational': 'openssh',
  'microsoft-windows-printservice/admin': 'printservice-admin',
  'microsoft-windows-printservice/operational': 'printservice-operational',
  'microsoft-windows-dhcp-server/operational': 'dhcp',
  'msexchange management': 'msexchange-management',
  'microsoft-windows-security-mitigations/kernel mode': 'security-mitigations',
  'microsoft-windows-security-mitigations/user mode': 'security-mitigations',
  'microsoft-windows-appxdeploymentserver/operational': 'appxdeployment-server',
  'microsoft-windows-appxpackaging/operational': 'appxpackaging-om',
  'microsoft-windows-capi2/operational': 'capi2',
  'microsoft-windows-certificateservicesclient-lifecycle-system/operational':
    'certificateservicesclient-lifecycle-system',
  'microsoft-windows-diagnosis-scripted/operational': 'diagnosis-scripted',
  'microsoft-windows-kernel-share/operational': 'kernel-share',
  'microsoft-windows-sense/operational': 'sense',
  'microsoft-windows-vhdmp/operational': 'vhdmp',
};

/** Sysmon event ID -> SigmaHQ category. */
const SYSMON_CATEGORIES: Readonly<Record<number, string>> = {
  1: 'process_creation',
  2: 'file_change',
  3: 'network_connection',
  4: 'sysmon_status',
  5: 'process_termination',
  6: 'driver_load',
  7: 'image_load',
  8: 'create_remote_thread',
  9: 'raw_access_thread',
  10: 'process_access',
  11: 'file_event',
  12: 'registry_add',
  13: 'registry_set',
  14: 'registry_rename',
  15: 'create_stream_hash',
  16: 'sysmon_status',
  17: 'pipe_created',
  18: 'pipe_created',
  19: 'wmi_event',
  20: 'wmi_event',
  21: 'wmi_event',
  22: 'dns_query',
  23: 'file_delete',
  24: 'clipboard_change',
  25: 'process_tampering',
  26: 'file_delete_detected',
  27: 'file_block_executable',
  28: 'file_block_shredding',
  29: 'file_executable_detected',
  255: 'sysmon_error',
};

/** The Sigma log source of a Windows event. */
export function windowsLogsource(
  channel: string | undefined,
  eventId: number | undefined,
  eventData: Record<string, string>,
): { product: string; service?: string; category?: string } {
  const ch = channel?.toLowerCase();
  const service = ch === undefined ? undefined : (CHANNEL_SERVICES[ch] ?? ch);
  const out: { product: string; service?: string; category?: string } = { product: 'windows' };
  if (service !== undefined) out.service = service;
  if (eventId === undefined) return out;
  if (service === 'sysmon') {
    let category = SYSMON_CATEGORIES[eventId];
    // Event 12 is both key creation and deletion; SigmaHQ splits them.
    if (eventId === 12 && /delete/i.test(eventData.EventType ?? '')) category = 'registry_delete';
    if (category !== undefined) out.category = category;
  } else if (service === 'security' && eventId === 4688) out.category = 'process_creation';
  else if (service === 'powershell' && eventId === 4104) out.category = 'ps_script';
  else if (service === 'powershell' && eventId === 4103) out.category = 'ps_module';
  else if (service === 'powershell-classic' && eventId === 400) out.category = 'ps_classic_start';
  else if (service === 'powershell-classic' && eventId === 600) out.category = 'ps_classic_provider_start';
  else if (service === 'powershell-classic' && eventId === 800) out.category = 'ps_classic_script';
  return out;
}
