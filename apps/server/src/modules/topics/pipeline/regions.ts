// Stage 5: region tagging from the jurisdiction's place names. A place is given as its path from the
// city down ("江川市/江川区/东湖街道"); an item is tagged with the most specific place its text names (or
// the region it came with), and counts for that place and every place above it.

export interface Place {
  /** Full path, e.g. "江川市/江川区/东湖街道": unique, and what alerts name. */
  path: string;
  name: string;
  /** Paths of this place and every place above it, most specific first. */
  lineage: string[];
}

/** The fictional demo jurisdiction (the demo data's 江川市), for trying the pipeline without a list. */
export const DEMO_PLACES: readonly string[] = [
  '江川市',
  '江川市/江川区',
  '江川市/江川区/望江街道',
  '江川市/江川区/柳岸街道',
  '江川市/江川区/东湖街道',
  '江川市/临河区',
  '江川市/临河区/河口镇',
  '江川市/临河区/沙洲镇',
  '江川市/青山县',
  '江川市/青山县/青山镇',
  '江川市/白石县',
  '江川市/白石县/白石镇',
  '江川市/白石县/龙泉镇',
];

const SUFFIXES = ['街道', '新区', '区', '县', '市', '镇', '乡'];
const SEPARATOR = /\s*[/>＞／]\s*/u;

export interface RegionTagger {
  places: readonly Place[];
  /** Every name and alias the tagger recognises, for the segmenter's dictionary. */
  names: readonly string[];
  /** The most specific place named in the text (the longest match wins), or null. */
  tag(text: string): Place | null;
  /** A place by its path or by a name or alias that is not ambiguous, or null. */
  lookup(nameOrPath: string): Place | null;
}

/** Parses a place list: one path per line ("市/区/街道"), blank lines and lines starting with # ignored. */
export function parsePlaceList(text: string): { places: string[]; errors: string[] } {
  const places: string[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/u).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const parts = line.split(SEPARATOR);
    if (parts.some((p) => p.length === 0 || p.length > 40)) {
      errors.push(`line ${i + 1}: each name 1–40 characters, separated by "/", got "${line.slice(0, 80)}"`);
      return;
    }
    places.push(parts.join('/'));
  });
  return { places, errors };
}

/**
 * Builds a tagger from place paths (parents may be omitted; they are added). A name is also known
 * without its administrative suffix (东湖街道 → 东湖) when that short form has at least two characters
 * and names only one place; ambiguous names are not used for tagging text.
 */
export function createRegionTagger(paths: readonly string[]): RegionTagger {
  const byPath = new Map<string, Place>();
  for (const path of paths) {
    const parts = path.split('/').filter((p) => p.length > 0);
    for (let depth = 1; depth <= parts.length; depth++) {
      const sub = parts.slice(0, depth);
      const key = sub.join('/');
      if (byPath.has(key)) continue;
      const lineage = sub.map((_, i) => sub.slice(0, sub.length - i).join('/'));
      byPath.set(key, { path: key, name: sub[sub.length - 1] ?? key, lineage });
    }
  }
  const candidates = new Map<string, Place[]>();
  const addName = (name: string, place: Place) => {
    const list = candidates.get(name) ?? [];
    if (!list.includes(place)) list.push(place);
    candidates.set(name, list);
  };
  for (const place of byPath.values()) {
    addName(place.name, place);
    const suffix = SUFFIXES.find((s) => place.name.endsWith(s));
    if (suffix && place.name.length - suffix.length >= 2) addName(place.name.slice(0, -suffix.length), place);
  }
  const names = new Map<string, Place>();
  for (const [name, list] of candidates) {
    const [only] = list;
    if (list.length === 1 && only) names.set(name, only);
  }
  // Names by first character, longest first, so a scan tries 东湖街道 before 东湖.
  const byFirst = new Map<string, string[]>();
  for (const name of names.keys()) {
    const first = name[0] ?? '';
    const list = byFirst.get(first) ?? [];
    list.push(name);
    byFirst.set(first, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.length - a.length);

  return {
    places: [...byPath.values()],
    names: [...names.keys()],
    tag(text) {
      let best: Place | null = null;
      for (let i = 0; i < text.length; i++) {
        const list = byFirst.get(text[i] ?? '');
        if (!list) continue;
        for (const name of list) {
          if (!text.startsWith(name, i)) continue;
          const place = names.get(name);
          if (place && (!best || place.lineage.length > best.lineage.length)) best = place;
          break;
        }
      }
      return best;
    },
    lookup(nameOrPath) {
      const key = nameOrPath.trim().split(SEPARATOR).join('/');
      return byPath.get(key) ?? names.get(key) ?? null;
    },
  };
}
