import cn2025 from './data/cn-2025.json' with { type: 'json' };
import cn2026 from './data/cn-2026.json' with { type: 'json' };
import type { YearCalendar } from './types.ts';

/**
 * The State Council holiday schedules shipped with this release (2025: 国办发明电〔2024〕12号; 2026:
 * 国办发明电〔2025〕7号). Later years are imported by an administrator when their notice is published;
 * until then they are provisional (weekdays only). The data is checked day by day in shipped.test.ts.
 */
export const SHIPPED_CALENDARS: readonly YearCalendar[] = [cn2025, cn2026];
