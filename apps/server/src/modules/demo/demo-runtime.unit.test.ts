import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.ts';
import { chromiumOrDebian, DEMO_MONITOR_NETWORK, demoProcessConfig } from './demo-runtime.ts';

describe('demoProcessConfig', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sw-demo-'));
  const chromium = path.join(dir, 'chromium');
  writeFileSync(chromium, '#!/bin/sh\n', { mode: 0o755 });

  it('lets the demo reach loopback and render with Debian’s Chromium when none was named', () => {
    const config = demoProcessConfig(loadConfig({}), chromium);
    expect(config.monitorAllowedNetworks).toContain(DEMO_MONITOR_NETWORK);
    expect(config.monitorRender.chromiumPath).toBe(chromium);
  });

  it('keeps rendering off when it was switched off, or the Chromium is not there', () => {
    const off = demoProcessConfig(loadConfig({ SHOUWANG_MONITOR_CHROMIUM: 'off' }), chromium);
    expect(off.monitorRender.chromiumPath).toBeNull();
    const missing = demoProcessConfig(loadConfig({}), path.join(dir, 'none'));
    expect(missing.monitorRender.chromiumPath).toBeNull();
  });

  it('keeps a Chromium that was named instead of picking Debian’s', () => {
    const other = path.join(dir, 'chrome');
    writeFileSync(other, '#!/bin/sh\n', { mode: 0o755 });
    const named = loadConfig({ SHOUWANG_MONITOR_CHROMIUM: other });
    expect(demoProcessConfig(named, chromium).monitorRender.chromiumPath).toBe(other);
    // The CLI's --render takes the same choice.
    expect(chromiumOrDebian(named.monitorRender, chromium)).toBe(other);
    expect(chromiumOrDebian(loadConfig({}).monitorRender, chromium)).toBe(chromium);
    expect(
      chromiumOrDebian(loadConfig({ SHOUWANG_MONITOR_CHROMIUM: 'off' }).monitorRender, chromium),
    ).toBeNull();
  });
});
