/** The office's fixed UTC offset (China has no daylight saving time). */
const SHANGHAI_OFFSET = '+08:00';

/**
 * Turns a picked period of calendar days in Asia/Shanghai ("2026-11-20" … "2026-11-21") into the instants
 * the audit API filters by: from the first day's 00:00 to the last day's 23:59:59.999 China time.
 */
export function shanghaiDayRange(
  fromDay: string | null,
  toDay: string | null,
): { from?: string; to?: string } {
  const out: { from?: string; to?: string } = {};
  if (fromDay) out.from = new Date(`${fromDay}T00:00:00.000${SHANGHAI_OFFSET}`).toISOString();
  if (toDay) out.to = new Date(`${toDay}T23:59:59.999${SHANGHAI_OFFSET}`).toISOString();
  return out;
}
