import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import type * as vscode from 'vscode';
import type { RepoBacklogApi } from '../../src/extension';
import { inertPick } from '../../src/common/inertView';
import { BacklogTree } from '../../src/tree/backlogTree';
import type { BacklogNode } from '../../src/tree/treeNodes';
import { TreeViewState } from '../../src/tree/treeViewState';
import { activeExtension } from './harness/extension';
import { waitFor } from './harness/wait';
import { backlogPath } from './harness/workspace';

const HOSTILE = 'Evil\u001b[2J\u001b]0;pwned\u0007\u202Egnp.exe\u009B';
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** A Memento that keeps nothing: the tree only reads its saved view state from it. */
const noState: vscode.Memento = { keys: () => [], get: <T>(_key: string, fallback?: T) => fallback, update: async () => undefined };

function text(value: string | vscode.TreeItemLabel | vscode.MarkdownString | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return 'label' in value ? value.label : value.value;
}

describe('untrusted text in views', () => {
  it('a tree row and its tooltip show control and bidi characters as visible escapes', async () => {
    const api = (await activeExtension<RepoBacklogApi>()).exports;
    const folder = api.folders.withBacklog()[0];
    const id = 'FX-1NERT';
    const file = backlogPath('items', `${id}.md`);
    writeFileSync(file, `---\nid: ${id}\ntitle: ${JSON.stringify(HOSTILE)}\ntype: chore\nstatus: Ready\nassignee: "ana\\u202E"\n---\nBody \u001b[31m red\n`);
    const tree = new BacklogTree(api.folders, new TreeViewState(noState));
    try {
      await waitFor(() => folder.backlog.snapshot.byId.get(id), 10_000, 'the watcher to load the item');
      const find = (nodes: BacklogNode[]): BacklogNode | undefined => {
        for (const n of nodes) {
          if (n.kind === 'item' && n.id === id) return n;
          const inner = n.kind === 'group' || n.kind === 'folder' ? find(tree.getChildren(n)) : undefined;
          if (inner) return inner;
        }
        return undefined;
      };
      const node = find(tree.getChildren());
      assert.ok(node, 'the item is in the tree');
      const row = tree.resolveTreeItem(tree.getTreeItem(node), node);
      for (const [name, value] of [['label', text(row.label)], ['description', text(row.description as string)], ['tooltip', text(row.tooltip)], ['a11y', row.accessibilityInformation?.label ?? '']] as const) {
        assert.doesNotMatch(value, UNSAFE, `${name}: ${JSON.stringify(value)}`);
      }
      assert.match(text(row.label), /Evil\\x1B\[2J/);
      assert.match(text(row.tooltip), /\\u202E/);
      const pick = inertPick({ label: HOSTILE, description: HOSTILE, detail: HOSTILE });
      assert.doesNotMatch(pick.label + pick.description + pick.detail, UNSAFE);
    } finally {
      tree.dispose();
      rmSync(file, { force: true });
    }
  });
});
