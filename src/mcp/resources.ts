import { promises as fs } from 'node:fs';
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { BacklogError } from '../core/backlog';
import { statusCategory } from '../core/config';
import type { BacklogRoots } from './backlogRoots';
import { readTeamGuide, workflowGuide } from './workflowGuide';

/** Listing every item of a 10,000-item backlog would flood a client; open items come first. */
const LISTED_ITEMS = 200;

/** Items as `backlog://item/ID`, the config as `backlog://config`, and the workflow guide as resource and prompt. */
export function registerResources(server: McpServer, roots: BacklogRoots): void {
  server.registerResource(
    'item',
    new ResourceTemplate('backlog://item/{id}', {
      list: async () => {
        const backlog = await roots.backlog(await roots.resolve());
        const s = backlog.snapshot;
        const open = s.items.filter((i) => statusCategory(s.config, i.status) !== 'done').slice(0, LISTED_ITEMS);
        return { resources: open.map((i) => ({ uri: `backlog://item/${i.id}`, name: i.id, title: `${i.id} ${i.title}`, mimeType: 'text/markdown' })) };
      },
    }),
    { title: 'Backlog item', description: 'One item file: YAML front matter and Markdown body', mimeType: 'text/markdown' },
    async (uri, { id }) => {
      const backlog = await roots.backlog(await roots.resolve());
      const wanted = String(Array.isArray(id) ? id[0] : id).toUpperCase();
      const item = backlog.snapshot.byId.get(wanted);
      if (!item) throw new BacklogError(`No item ${wanted}`, 'missing-item');
      return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text: await fs.readFile(item.file, 'utf8') }] };
    },
  );

  server.registerResource('config', 'backlog://config', { title: 'Backlog configuration', description: '.backlog/config.yaml: statuses, types, priorities, id prefix, scoring', mimeType: 'text/yaml' }, async (uri) => {
    const backlog = await roots.backlog(await roots.resolve());
    return { contents: [{ uri: uri.href, mimeType: 'text/yaml', text: await fs.readFile(backlog.configPath, 'utf8') }] };
  });

  const guide = async () => {
    const backlog = await roots.backlog(await roots.resolve());
    return workflowGuide(backlog.snapshot.config, await readTeamGuide(backlog.root), 'mcp');
  };
  server.registerResource('workflow', 'backlog://workflow', { title: 'Backlog workflow', description: 'How this team uses its backlog: read before working on items', mimeType: 'text/markdown' }, async (uri) => ({
    contents: [{ uri: uri.href, mimeType: 'text/markdown', text: await guide() }],
  }));
  server.registerPrompt('backlog_workflow', { title: 'Backlog workflow', description: 'How this team uses its backlog: statuses, the loop from picking an item to done, the team\'s own rules' }, async () => ({
    messages: [{ role: 'user', content: { type: 'text', text: await guide() } }],
  }));
}
