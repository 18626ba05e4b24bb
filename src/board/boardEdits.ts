import * as vscode from 'vscode';
import { BacklogError, type ItemChanges } from '../core/backlog';
import type { LaneChange } from '../core/board/boardMove';
import type { Item } from '../core/item';
import { renderDescription } from '../core/itemPage/description';
import { openItemPage } from '../items/openItem';
import { baseName } from '../core/paths';
import type { BoardRequest, BoardUpdate, NoticeLevel } from '../protocol/boardMessages';
import { toItemChanges } from '../core/webviewRequests';
import type { BacklogFolder } from '../store/backlogFolders';
import { itemsWithUnsavedEdits, unsavedEditsMessage } from '../items/unsavedEditors';

/** What the panel shows after an edit: a message in the board, and a card to focus. */
export interface BoardEditOutcome {
  readonly notice?: { readonly level: NoticeLevel; readonly message: string; readonly id?: string };
  readonly reveal?: string;
}

type EditRequest = Exclude<BoardRequest, { type: 'ready' | 'viewState' | 'rendered' | 'selectFolder' | 'initialize' }>;

/**
 * Turns one board request into one store operation. Moves and edits carry the hash of the file
 * version the card was drawn from, so the store refuses to write over a change made on disk
 * since; the refusal comes back as a message in the board, not a modal dialog.
 */
export async function runBoardEdit(folder: BacklogFolder, request: EditRequest, post: (u: BoardUpdate) => void): Promise<BoardEditOutcome> {
  const backlog = folder.backlog;
  const find = (id: string): Item | undefined => backlog.snapshot.byId.get(id);
  const gone = (id: string): BoardEditOutcome => ({ notice: { level: 'warning', message: `${id} no longer exists on disk; the board is up to date now.`, id } });
  try {
    switch (request.type) {
      case 'move': {
        const item = find(request.id);
        if (!item) return gone(request.id);
        const dirty = unsavedEditor(item);
        if (dirty) return dirty;
        const changes = request.changes ? laneChanges(request.changes) : undefined;
        await backlog.move(
          { id: item.id, file: item.file, hash: request.hash },
          { status: request.status, index: request.index, within: request.within, ...(changes ? { changes } : {}) },
        );
        return {};
      }
      case 'update': {
        const item = find(request.ref.id);
        if (!item) return gone(request.ref.id);
        const dirty = unsavedEditor(item);
        if (dirty) return dirty;
        await backlog.update({ id: item.id, file: item.file, hash: request.ref.hash }, toItemChanges(request.changes));
        return {};
      }
      case 'create': {
        const lane = request.lane ? laneChanges(request.lane) : {};
        const created = await backlog.create({
          title: request.title,
          status: request.status,
          type: typeof lane.type === 'string' ? lane.type : undefined,
          priority: typeof lane.priority === 'string' ? lane.priority : undefined,
          assignee: typeof lane.assignee === 'string' ? lane.assignee : undefined,
          // Created while a sprint is in scope: it joins that sprint, so it stays on the board shown.
          sprint: request.sprint,
          parent: request.parent,
        });
        return { reveal: created.id };
      }
      case 'open': {
        const item = find(request.id);
        if (!item) return gone(request.id);
        await openItemPage(item.file, true, vscode.ViewColumn.Beside);
        return {};
      }
      case 'loadDetail': {
        const item = find(request.id);
        if (!item) return gone(request.id);
        post({ type: 'detail', root: backlog.root, id: item.id, hash: item.hash, body: item.body, html: renderDescription(item.body), fileName: baseName(item.file) });
        return {};
      }
    }
  } catch (e) {
    if (e instanceof BacklogError) {
      const id = 'id' in request ? request.id : 'ref' in request ? request.ref.id : undefined;
      if (e.code === 'changed-on-disk' || e.code === 'read-only') {
        return { notice: { level: 'warning', message: `Not saved: ${e.message}`, id } };
      }
      return { notice: { level: 'error', message: e.message, id } };
    }
    return { notice: { level: 'error', message: `The board could not ${describe(request)}: ${(e as Error).message}` } };
  }
}

/** An editor with unsaved changes to the item's file: a write now would fight with it on save. */
function unsavedEditor(item: Item): BoardEditOutcome | undefined {
  if (itemsWithUnsavedEdits([item]).length === 0) return undefined;
  return { notice: { level: 'warning', message: unsavedEditsMessage([item]), id: item.id } };
}

function laneChanges(change: LaneChange): ItemChanges {
  const [key, value] = Object.entries(change)[0];
  return { [key]: value ?? undefined };
}


function describe(request: EditRequest): string {
  switch (request.type) {
    case 'move': return `move ${request.id}`;
    case 'update': return `save ${request.ref.id}`;
    case 'create': return 'create the item';
    case 'open': return `open ${request.id}`;
    case 'loadDetail': return `read ${request.id}`;
  }
}
