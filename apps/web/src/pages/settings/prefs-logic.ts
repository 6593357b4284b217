export interface PrefEntry<C extends string = string> {
  channel: C;
  topic: string;
  enabled: boolean;
}

/** Whether a topic reaches the user on a channel: its own entry, else the channel's "*" entry, else on. */
export function prefEnabled(prefs: readonly PrefEntry[], channel: string, topic: string): boolean {
  const own = prefs.find((p) => p.channel === channel && p.topic === topic);
  if (own) return own.enabled;
  const all = prefs.find((p) => p.channel === channel && p.topic === '*');
  return all ? all.enabled : true;
}

/**
 * The list to store for a grid of choices: per channel one "*" entry (the majority choice) and an entry for
 * each topic that differs from it, so topics added later follow the user's general choice.
 */
export function prefsFromGrid<C extends string>(
  grid: Record<C, Record<string, boolean>>,
  channels: readonly C[],
): PrefEntry<C>[] {
  const out: PrefEntry<C>[] = [];
  for (const channel of channels) {
    const topics = Object.entries(grid[channel]);
    const on = topics.filter(([, v]) => v).length;
    const general = on * 2 >= topics.length;
    out.push({ channel, topic: '*', enabled: general });
    for (const [topic, enabled] of topics) if (enabled !== general) out.push({ channel, topic, enabled });
  }
  return out;
}
