import { describe, expect, it } from 'vitest';
import { createRegionTagger, DEMO_PLACES, parsePlaceList } from './regions.ts';

describe('region tagging', () => {
  const tagger = createRegionTagger(DEMO_PLACES);

  it('tags the most specific place named in a text, with its lineage', () => {
    const place = tagger.tag('江川区东湖街道金桂苑停水了');
    expect(place?.path).toBe('江川市/江川区/东湖街道');
    expect(place?.lineage).toEqual(['江川市/江川区/东湖街道', '江川市/江川区', '江川市']);
    expect(tagger.tag('没有地名的文本')).toBeNull();
  });

  it('knows a name without its suffix when that is unambiguous', () => {
    expect(tagger.tag('东湖这边全部停水了')?.path).toBe('江川市/江川区/东湖街道');
    expect(tagger.tag('龙泉那边有煤气味')?.path).toBe('江川市/白石县/龙泉镇');
  });

  it('does not use a short name that several places share', () => {
    // 青山 is both 青山县 and 青山镇; 白石 both 白石县 and 白石镇.
    const t = createRegionTagger(DEMO_PLACES);
    expect(t.names).not.toContain('青山');
    expect(t.tag('青山县政府')?.path).toBe('江川市/青山县');
    expect(t.tag('青山镇第二小学')?.path).toBe('江川市/青山县/青山镇');
  });

  it('looks a place up by path or name, adding missing parents', () => {
    const t = createRegionTagger(['甲市/乙区/丙街道']);
    expect(t.places.map((p) => p.path)).toEqual(['甲市', '甲市/乙区', '甲市/乙区/丙街道']);
    expect(t.lookup('甲市 / 乙区')?.name).toBe('乙区');
    expect(t.lookup('丙街道')?.path).toBe('甲市/乙区/丙街道');
    expect(t.lookup('丁镇')).toBeNull();
  });

  it('parses a place list and reports bad lines', () => {
    const { places, errors } = parsePlaceList('# 注释\n江川市/江川区\n\n江川市//空\n江川市＞临河区\n');
    expect(places).toEqual(['江川市/江川区', '江川市/临河区']);
    expect(errors).toEqual([expect.stringContaining('line 4')]);
  });
});
