import * as vscode from 'vscode';

// Placeholder composition root; replaced as the features land.
export function activate(context: vscode.ExtensionContext): void {
  const provider: vscode.TreeDataProvider<string> = {
    getTreeItem: (label) => new vscode.TreeItem(label),
    getChildren: () => ['Backlog'],
  };
  context.subscriptions.push(vscode.window.createTreeView('repoBacklog.items', { treeDataProvider: provider }));
}

export function deactivate(): void {}
