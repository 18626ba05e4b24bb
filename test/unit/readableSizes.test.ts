import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** VS Code's webviews set `--vscode-font-size` to 13px by default; `em` sizes are read against it. */
const BASE_PX = 13;
const MIN_PX = 11;

/** Every `font-size` in our stylesheets and in the pages that carry their own style block. */
function fontSizes(): { where: string; px: number; text: string }[] {
  const root = process.cwd();
  const sources = [
    ...readdirSync(join(root, 'media')).filter((f) => f.endsWith('.css')).map((f) => join('media', f)),
    join('src', 'planning', 'reportPageStyle.ts'),
    join('src', 'planning', 'reviewHtml.ts'),
    join('src', 'planning', 'forecastHtml.ts'),
  ];
  const found: { where: string; px: number; text: string }[] = [];
  for (const file of sources) {
    readFileSync(join(root, file), 'utf8').split('\n').forEach((line, i) => {
      for (const m of line.matchAll(/([^{};]*)\{[^}]*?font-size:\s*([\d.]+)(px|em|rem)|font-size:\s*([\d.]+)(px|em|rem)/g)) {
        const value = Number(m[2] ?? m[4]);
        const unit = m[3] ?? m[5];
        found.push({ where: `${file}:${i + 1}`, px: unit === 'px' ? value : value * BASE_PX, text: line.trim() });
      }
    });
  }
  return found;
}

describe('readable text sizes in the webviews', () => {
  it(`sets no font under ${MIN_PX}px (em read against the default ${BASE_PX}px)`, () => {
    const sizes = fontSizes();
    assert.ok(sizes.length > 20, `expected the pages' font sizes, found ${sizes.length}`);
    // A heading's badge (`.state` inside h1, 0.6em of 1.5em) is em of the heading, not of the body.
    const tooSmall = sizes.filter((s) => s.px < MIN_PX && !/^\.state\b/.test(s.text));
    assert.deepEqual(tooSmall.map((s) => `${s.where} ${s.px.toFixed(1)}px: ${s.text}`), []);
  });
});
