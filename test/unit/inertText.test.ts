import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inertJson, inertText } from '../../src/core/inertText';
import { cli } from './support/cli';

const ESC = '\u001b';
const BEL = '\u0007';
const CLEAR = `${ESC}[2J`;
const TITLE = `${ESC}]0;pwned${BEL}`;
const RLO = '\u202E';
const CSI_C1 = '\u009B';

/** Nothing a terminal acts on or a reader is misled by: C0 but LF/TAB, DEL, C1, bidi, lone surrogates. */
function assertInert(text: string): void {
  assert.doesNotMatch(text, /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028-\u202E\u2066-\u2069]/, JSON.stringify(text));
  assert.doesNotMatch(text, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/, `lone surrogate in ${JSON.stringify(text)}`);
}

describe('inert text', () => {
  it('shows escape sequences, C1 controls, bidi overrides and lone surrogates as visible escapes', () => {
    assert.equal(inertText(`a${CLEAR}b`), 'a\\x1B[2Jb');
    assert.equal(inertText(`t${TITLE}`), 't\\x1B]0;pwned\\x07');
    assert.equal(inertText(`x${CSI_C1}31m`), 'x\\x9B31m');
    assert.equal(inertText(`admin${RLO}txt.exe`), 'admin\\u202Etxt.exe');
    assert.equal(inertText('\u2066\u2067\u2068\u2069\u200E\u200F\u061C'), '\\u2066\\u2067\\u2068\\u2069\\u200E\\u200F\\u061C');
    assert.equal(inertText('a\uD800b\uDC00c'), 'a\\uD800b\\uDC00c');
    assert.equal(inertText('del\u007f'), 'del\\x7F');
  });

  it('keeps ordinary text, emoji pairs and joiners unchanged', () => {
    const text = 'Fix “login” — naïve café 日本語 👩‍💻 مرحبا';
    assert.equal(inertText(text), text);
    assert.equal(inertText(text, { multiline: true }), text);
  });

  it('keeps line feeds and tabs only in multi-line mode; a lone CR is escaped, CRLF becomes LF', () => {
    assert.equal(inertText('a\tb\nc'), 'a\\x09b\\x0Ac');
    assert.equal(inertText('a\tb\r\nc\rd', { multiline: true }), 'a\tb\nc\\x0Dd');
  });

  it('makes JSON inert without changing the value a JSON reader gets', () => {
    const value = { title: `a${CLEAR}${TITLE}${RLO}${CSI_C1}\u2028\uD800z`, n: 1 };
    const text = inertJson(value, 2);
    assertInert(text);
    assert.deepEqual(JSON.parse(text), value);
    assert.equal(inertJson({ plain: 'é' }), JSON.stringify({ plain: 'é' }));
  });
});

describe('the CLI prints untrusted text inert', () => {
  const hostile = `Evil${CLEAR}${TITLE}${RLO}gnp.exe${CSI_C1}`;

  async function backlogWithHostileItem(): Promise<{ root: string; id: string }> {
    const root = mkdtempSync(join(tmpdir(), 'backlog-inert-'));
    assert.equal((await cli(root, 'init')).code, 0);
    const added = await cli(root, 'add', 'placeholder');
    assert.equal(added.code, 0, added.stderr);
    const id = added.stdout.trim();
    const file = join(root, '.backlog', 'items', `${id}.md`);
    const text = readFileSync(file, 'utf8');
    // Written as a double-quoted YAML escape, the way a hostile commit could carry it.
    writeFileSync(file, text.replace(/^title: .*$/m, `title: ${JSON.stringify(hostile)}`) + `\nBody ${CLEAR} ${RLO}\n`);
    return { root, id };
  }

  it('list and show escape terminal sequences and bidi overrides; --json keeps the exact value', async () => {
    const { root, id } = await backlogWithHostileItem();
    const list = await cli(root, 'list');
    assert.equal(list.code, 0, list.stderr);
    assertInert(list.stdout);
    assert.match(list.stdout, /Evil\\x1B\[2J\\x1B\]0;pwned\\x07\\u202Egnp\.exe\\x9B/);
    const show = await cli(root, 'show', id);
    assertInert(show.stdout);
    assert.match(show.stdout, /Body \\x1B\[2J \\u202E/);
    const json = await cli(root, 'show', id, '--json');
    assertInert(json.stdout);
    assert.equal((JSON.parse(json.stdout) as { title: string }).title, hostile);
  });

  it('tests import escapes test names from a report', async () => {
    const { root } = await backlogWithHostileItem();
    const report = join(root, 'report.tap');
    writeFileSync(report, `TAP version 13\n1..1\nnot ok 1 - login ${CLEAR}${TITLE}${RLO}works\n`);
    const r = await cli(root, 'tests', 'import', report, '--dry-run');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /login \\x1B\[2J/);
    assertInert(r.stdout);
    assertInert(r.stderr);
  });

  it('escapes an unknown command name echoed back on stderr', async () => {
    const r = await cli(tmpdir(), `nope${CLEAR}`);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command "nope\\x1B\[2J"/);
    assertInert(r.stderr);
  });
});

describe('CLI global options', () => {
  it('--root and --json work before or after the command name', async () => {
    const root = mkdtempSync(join(tmpdir(), 'backlog-flags-'));
    assert.equal((await cli(root, 'init')).code, 0);
    assert.equal((await cli(root, 'add', 'First')).code, 0);
    const elsewhere = tmpdir();
    const forms = [
      ['--root', root, '--json', 'list'],
      [`--root=${root}`, 'list', '--json'],
      ['--json', 'list', '--root', root],
      ['list', '--root', root, '--json'],
    ];
    for (const argv of forms) {
      const r = await cli(elsewhere, ...argv);
      assert.equal(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
      const items = JSON.parse(r.stdout) as { title: string }[];
      assert.deepEqual(items.map((i) => i.title), ['First'], argv.join(' '));
    }
  });

  it('says which global option lacks its value', async () => {
    const r = await cli(tmpdir(), '--root', '--json', 'list');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /option --root needs a value/);
  });
});
