import * as vscode from 'vscode';
import type { BacklogFolders } from '../store/backlogFolders';
import type { BacklogNode } from './treeNodes';
import { refuseIfDirty, runItemOperation } from '../items/itemOperation';

/** Tree drag-and-drop mime type: `application/vnd.code.tree.<view id lower-cased>`. */
export const ITEMS_MIME = 'application/vnd.code.tree.repobacklog.items';

interface DraggedItem {
  readonly root: string;
  readonly id: string;
  readonly file: string;
  readonly hash: string;
}

/**
 * Drag items to re-rank and re-group them. Dropping on an item places the dragged items right
 * before it and gives them its group's value (status, type, priority or sprint); dropping on a
 * group header only changes that value. Every dragged item is one file write.
 */
export class ItemDragAndDrop implements vscode.TreeDragAndDropController<BacklogNode> {
  readonly dragMimeTypes = [ITEMS_MIME, 'text/uri-list'];
  readonly dropMimeTypes = [ITEMS_MIME];

  constructor(private readonly folders: BacklogFolders) {}

  handleDrag(source: readonly BacklogNode[], data: vscode.DataTransfer): void {
    const items = source.filter((n): n is Extract<BacklogNode, { kind: 'item' }> => n.kind === 'item');
    if (items.length === 0) return;
    const dragged: DraggedItem[] = items.map((n) => ({ root: n.root, id: n.id, file: n.item.file, hash: n.item.hash }));
    data.set(ITEMS_MIME, new vscode.DataTransferItem(dragged));
    // Dropping on the editor opens the item files.
    data.set('text/uri-list', new vscode.DataTransferItem(items.map((n) => vscode.Uri.file(n.item.file).toString()).join('\r\n')));
  }

  async handleDrop(target: BacklogNode | undefined, data: vscode.DataTransfer, token: vscode.CancellationToken): Promise<void> {
    const transfer = data.get(ITEMS_MIME);
    if (!transfer || !target || token.isCancellationRequested) return;
    const dragged = (typeof transfer.value === 'string' ? JSON.parse(transfer.value) : transfer.value) as DraggedItem[];
    if (!Array.isArray(dragged) || dragged.length === 0) return;
    if (target.kind !== 'item' && target.kind !== 'group') return;
    const folder = target.folder;
    const root = folder.backlog.root;
    if (dragged.some((d) => d.root !== root)) {
      void vscode.window.showWarningMessage('Backlog: items can only be moved within their own workspace folder’s backlog.');
      return;
    }
    // The same guard as every other write: a dragged item with unsaved edits is not moved.
    if (refuseIfDirty(dragged)) return;
    const group = target.kind === 'group' ? target.group.group : target.group?.group;
    const field = group && group.by !== 'none' ? group.by : undefined;
    const value = group?.value;
    await runItemOperation(this.folders, 'Move', async () => {
      for (const d of dragged) {
        if (target.kind === 'item' && d.id === target.id) continue;
        const ref = { id: d.id, file: d.file, hash: d.hash };
        const changes: Record<string, unknown> = {};
        if (field) changes[field] = value;
        if (target.kind === 'item') {
          await folder.backlog.move(ref, { before: target.id, changes });
        } else if (field) {
          await folder.backlog.update(ref, changes);
        }
      }
    });
  }
}
