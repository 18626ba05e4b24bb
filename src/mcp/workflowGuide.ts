import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { BACKLOG_DIR } from '../core/backlog';
import type { BacklogConfig } from '../core/config';

/** The file a team edits to tell agents its own rules; shown after the generated guide. */
export const TEAM_GUIDE_FILE = 'AGENTS.md';
/** More than this of the team's guide is not read: it goes into every agent's context. */
const TEAM_GUIDE_MAX_BYTES = 16 * 1024;

/** How this team uses its backlog, for an agent: statuses, fields, the loop, the team's own notes. */
export function workflowGuide(config: BacklogConfig, teamGuide: string | undefined, tools: 'mcp' | 'cli'): string {
  const statuses = config.statuses.map((s) => `${s.name} (${s.category}${s.wip ? `, WIP ${s.wip}` : ''})`).join(', ');
  const t = (mcp: string, cli: string) => (tools === 'mcp' ? mcp : cli);
  const lines = [
    '# Working with this repository\'s backlog',
    '',
    `The backlog lives in \`${BACKLOG_DIR}/items/\` as one Markdown file per item (ids like ${config.idPrefix}-7K3QM), versioned with the code. Change items only through ${t('the backlog_* tools', 'the repo-backlog CLI')}, never by editing the files: the tools keep ranks, ids and timestamps right and write atomically.`,
    '',
    `- Statuses, in board order: ${statuses}.`,
    `- Types: ${config.types.join(', ')}. Priorities: ${config.priorities.join(', ') || 'none'}.`,
    '- Order is the product backlog\'s priority: higher in the list is more important.',
    '',
    '## The loop',
    `1. Find work: ${t('`backlog_next` (ready, unblocked items, top first; pass your name as assignee)', '`repo-backlog list --query "is:todo"` (top first)')}, or ${t('`backlog_search`', '`repo-backlog list --query Q`')} with a query such as \`is:open type:bug label:ui "login"\`.`,
    `2. Read it: ${t('`backlog_show`', '`repo-backlog show ID`')}. Its acceptance criteria say when it is done.`,
    `3. Start it: move it to the first "doing" status and assign it to yourself (${t('`backlog_move` with status, `backlog_update` with assignee', '`repo-backlog move ID --status S`, `repo-backlog set ID assignee=NAME`')}).`,
    `4. While working: tick each acceptance criterion as it is met and add a short note of what you did or found (${t('`backlog_update` with check / note', 'edit the item\'s body')}). New work you discover becomes a new item (${t('`backlog_create`', '`repo-backlog add TITLE`')}), not a silent fix.`,
    `5. Finish: move it to a "done" status only when every criterion is met; otherwise leave it in review with a note.`,
    `- Failing tests and TODO comments become items with ${t('`backlog_import_tests` and `backlog_capture_todos`', '`repo-backlog tests import REPORT` and `repo-backlog todos capture`')}.`,
  ];
  if (tools === 'cli') {
    lines.push('', '## Commands', 'Run `repo-backlog --help` for all of them; add `--json` for machine-readable output.');
  }
  const team = teamGuide?.trim();
  if (team) lines.push('', `## This team's rules (${BACKLOG_DIR}/${TEAM_GUIDE_FILE})`, '', team);
  return lines.join('\n') + '\n';
}

/** The team's `.backlog/AGENTS.md`, if there is one (capped: it lands in every agent's context). */
export async function readTeamGuide(root: string): Promise<string | undefined> {
  try {
    const handle = await fs.open(join(root, BACKLOG_DIR, TEAM_GUIDE_FILE), 'r');
    try {
      const buffer = Buffer.alloc(TEAM_GUIDE_MAX_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, TEAM_GUIDE_MAX_BYTES, 0);
      return buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}
