import * as assert from 'node:assert/strict';
import { reportPageHtml } from '../../src/common/reportPage';

describe('the shell of the script-free report pages', () => {
  it('allows its one nonce\'d style block and nothing else, and keeps the title text', () => {
    const html = reportPageHtml({ title: '<img src=x> & "R1"', nonce: 'n0nce', style: 'body { color: red; }', body: '<p>hello</p>' });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
    assert.equal(csp, "default-src 'none'; style-src 'nonce-n0nce'");
    assert.match(html, /<title>&lt;img src=x&gt; &amp; &quot;R1&quot;<\/title>/);
    assert.match(html, /<style nonce="n0nce">body \{ color: red; \}<\/style>/);
    assert.match(html, /<body>\n<p>hello<\/p>\n<\/body>/);
    assert.ok(!/<script|<img|<link/i.test(html), 'no script, image or stylesheet element');
  });
});
