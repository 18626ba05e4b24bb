import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { nodeFiles } from '../node/nodeFiles';

/** The files coding agents read their repository instructions from, in the order we prefer. */
export const AGENT_FILES = ['AGENTS.md', 'CLAUDE.md'] as const;

/** One line that sends an agent to the workflow guide, with or without MCP. */
export const AGENTS_LINE =
  '- Backlog: work items live in `.backlog/` (Repo Backlog). Before starting a task, read the workflow with `repo-backlog instructions` (or the repo-backlog MCP server\'s `backlog_workflow` prompt) and change items only through those tools.';

/** The file's text with the line added at the end, or undefined when it already points to the guide. */
export function withAgentsLine(text: string): string | undefined {
  if (text.includes('repo-backlog instructions')) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (text.trim() === '') return `# Notes for coding agents${eol}${eol}${AGENTS_LINE}${eol}`;
  return `${text.replace(/\s*$/, '')}${eol}${eol}${AGENTS_LINE}${eol}`;
}

/**
 * Adds the line to each agent file the repository has (AGENTS.md, CLAUDE.md), or creates
 * AGENTS.md when it has neither. Returns the files changed.
 */
export async function addAgentsLine(root: string): Promise<string[]> {
  const existing: { name: string; text: string }[] = [];
  for (const name of AGENT_FILES) {
    const text = await fs.readFile(join(root, name), 'utf8').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    if (text !== undefined) existing.push({ name, text });
  }
  if (existing.length === 0) existing.push({ name: AGENT_FILES[0], text: '' });
  const changed: string[] = [];
  for (const { name, text } of existing) {
    const next = withAgentsLine(text);
    if (next === undefined) continue;
    await nodeFiles.writeTextAtomic(join(root, name), next);
    changed.push(name);
  }
  return changed;
}
