// The monitoring benchmark's server: exactly `shouwang serve` (api, worker and scheduler roles from the
// environment), plus a line every 5 s with the content-analysis cache counters, which live only in this
// process: `ANALYSIS-CACHE {"hits":…,"misses":…,"entries":…}`.
import { loadConfig } from '../../apps/server/src/config/config.ts';
import { startServer } from '../../apps/server/src/main.ts';
import { analysisCacheStats } from '../../apps/server/src/modules/monitoring/analysis-cache.ts';

await startServer(loadConfig(process.env), { demo: false });
setInterval(() => console.log(`ANALYSIS-CACHE ${JSON.stringify(analysisCacheStats())}`), 5_000);
