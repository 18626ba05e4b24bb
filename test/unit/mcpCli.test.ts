// The agent-facing CLI: `instructions` for agents without MCP, and `init --agents`.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENTS_LINE } from '../../src/mcp/agentsFile';
import { cli } from './support/cli';

describe('CLI for coding agents', () => {
  it('instructions: the workflow from config.yaml, the CLI commands, and the team\'s .backlog/AGENTS.md', async () => {
    const root = mkdtempSync(join(tmpdir(), 'backlog-agents-'));
    assert.equal((await cli(root, 'init', '--prefix', 'SHOP')).code, 0);
    writeFileSync(join(root, '.backlog', 'AGENTS.md'), 'Put the ticket id in every commit message.\n');
    mkdirSync(join(root, 'src'));
    const r = await cli(join(root, 'src'), 'instructions');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /ids like SHOP-7K3QM/);
    assert.match(r.stdout, /Backlog \(todo\), Ready \(todo\), In Progress \(doing, WIP 5\)/);
    assert.match(r.stdout, /repo-backlog show ID/);
    assert.doesNotMatch(r.stdout, /backlog_next/, 'no MCP tool names for agents without MCP');
    assert.match(r.stdout, /## This team's rules \(\.backlog\/AGENTS\.md\)\n\nPut the ticket id in every commit message\./);
    const missing = await cli(mkdtempSync(join(tmpdir(), 'no-backlog-')), 'instructions');
    assert.equal(missing.code, 2);
  });

  it('init --agents adds one line to AGENTS.md and CLAUDE.md where they exist, creates AGENTS.md otherwise, and never twice', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'backlog-agents-'));
    assert.equal((await cli(bare, 'init', '--agents')).code, 0);
    assert.equal(readFileSync(join(bare, 'AGENTS.md'), 'utf8'), `# Notes for coding agents\n\n${AGENTS_LINE}\n`);
    assert.ok(!existsSync(join(bare, 'CLAUDE.md')));

    const repo = mkdtempSync(join(tmpdir(), 'backlog-agents-'));
    writeFileSync(join(repo, 'CLAUDE.md'), '# Claude\r\n\r\nUse pnpm.\r\n');
    const first = await cli(repo, 'init', '--agents', '--json');
    assert.deepEqual(JSON.parse(first.stdout).agentFiles, ['CLAUDE.md']);
    assert.equal(readFileSync(join(repo, 'CLAUDE.md'), 'utf8'), `# Claude\r\n\r\nUse pnpm.\r\n\r\n${AGENTS_LINE}\r\n`);
    assert.ok(!existsSync(join(repo, 'AGENTS.md')));
    const again = await cli(repo, 'init', '--agents', '--json');
    assert.deepEqual(JSON.parse(again.stdout).agentFiles, []);
    assert.equal(readFileSync(join(repo, 'CLAUDE.md'), 'utf8').split(AGENTS_LINE).length, 2, 'the line is there once');
  });
});
