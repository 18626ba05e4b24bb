import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { markerFormatProblem } from '../../src/core/todos/capture';
import { cli } from './support/cli';

async function workspace(files: Record<string, string>): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'backlog-todo-safety-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  assert.equal((await cli(root, 'init')).code, 0);
  return root;
}

describe('TODO marker format', () => {
  it('accepts one-line formats that keep the id inside the comment', () => {
    for (const ok of ['{tag}({refs}): {text}', '{tag}({id}): {text}', '{tag} [{id}] {text}', '{tag} #{id} - {text}', '{tag}(@{refs}): {text}']) {
      assert.equal(markerFormatProblem(ok), undefined, ok);
    }
  });

  it('refuses a format that could write code outside the comment', () => {
    const bad: [string, RegExp][] = [
      ['{tag}({id}): {text}\nrequire("child_process").exec("x")', /may not contain \\n/],
      ['{tag}({id}) {text}\r', /may not contain \\r/],
      ['{tag}({id}) */ evil(); /*', /may not contain \*/],
      ['{tag}({id}) --> <script>', /may not contain >/],
      ['{tag}({id}) %> <% evil', /may not contain %/],
      ['{tag}({id}) #} {{ evil }}', /may not contain \}/],
      ['{tag}({id}) -} evil', /may not contain \}/],
      ['{tag}({id}) *) evil', /may not contain \*/],
      ['{tag}({id}) """ evil', /may not contain \\"/],
      ['{tag}({id}) ]] evil()', /\]\]/],
      ['{tag}({id}) \\', /may not contain \\\\/],
      ['{tag}({id})\u2028evil', /may not contain/],
      ['{tag}({id})\u202E', /may not contain/],
      ['{tag}: {text}', /must contain \{id\} or \{refs\}/],
      ['{tag}({id})' + ' '.repeat(200), /at most 200/],
    ];
    for (const [format, reason] of bad) assert.match(markerFormatProblem(format) ?? 'accepted', reason, JSON.stringify(format));
    assert.equal(markerFormatProblem(42), 'must be text');
  });

  it('the CLI refuses a bad --marker-format before creating or writing anything', async () => {
    const source = 'int main() {\n  /* TODO: tidy up */\n  return 0;\n}\n';
    const root = await workspace({ 'src/main.c': source });
    const r = await cli(root, 'todos', 'capture', '--write-ids', '--marker-format', '{tag}({id}) */ system("rm -rf ~"); /* {text}');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--marker-format may not contain \*/);
    assert.equal(readFileSync(join(root, 'src/main.c'), 'utf8'), source);
    assert.equal((await cli(root, 'list')).stdout.trim(), 'No items.');
  });
});

describe('todos on special files', function () {
  if (process.platform === 'win32') return;

  /** Runs the built CLI in its own process: a hang there cannot stall the test runner. */
  function cliProcess(cwd: string, args: string[], boundMs: number): Promise<{ code: number | null; stderr: string; stdout: string; ms: number }> {
    return new Promise((done) => {
      const started = Date.now();
      const child = spawn(process.execPath, [resolve('dist/cli.js'), ...args], { cwd });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), boundMs);
      child.on('close', (code) => {
        clearTimeout(timer);
        done({ code, stdout, stderr, ms: Date.now() - started });
      });
    });
  }

  it('reports a FIFO named on the command line or found in a folder as skipped, and ends', async () => {
    const root = await workspace({ 'src/a.ts': '// TODO: real one\n' });
    execFileSync('mkfifo', [join(root, 'pipe.ts')]);
    execFileSync('mkfifo', [join(root, 'src', 'inner.ts')]);
    const named = await cliProcess(root, ['todos', 'pipe.ts', 'src/a.ts'], 10_000);
    assert.equal(named.code, 0, `exit ${named.code} after ${named.ms} ms: ${named.stderr}`);
    assert.match(named.stderr, /could not read pipe\.ts: not a regular file/);
    assert.match(named.stdout, /src\/a\.ts:1:4 +TODO +- +real one/);
    const walked = await cliProcess(root, ['todos', '--json'], 10_000);
    assert.equal(walked.code, 0, `exit ${walked.code} after ${walked.ms} ms: ${walked.stderr}`);
    const result = JSON.parse(walked.stdout) as { todos: { file: string }[]; skipped: { path: string; reason: string }[] };
    assert.deepEqual(result.todos.map((t) => t.file), ['src/a.ts']);
    assert.deepEqual(result.skipped.map((s) => `${s.path}:${s.reason}`), ['pipe.ts:unreadable', 'src/inner.ts:unreadable']);
  });
});
