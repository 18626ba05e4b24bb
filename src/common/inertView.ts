// Views show text from files anyone can commit (titles, test names and messages, TODO comments,
// paths). VS Code renders labels and Markdown as text, but bidi overrides still reorder what the
// reader sees and control characters show as garbage or vanish. Every tree row and hover goes
// through these, which apply the CLI's own rule (`core/inertText`).
import * as vscode from 'vscode';
import { inertText } from '../core/inertText';

/** A copy of `md` whose source has no control, bidi or lone-surrogate characters; its trust settings kept. */
export function inertMarkdown(md: vscode.MarkdownString): vscode.MarkdownString {
  const value = inertText(md.value, { multiline: true });
  if (value === md.value) return md;
  const out = new vscode.MarkdownString(value, md.supportThemeIcons);
  out.isTrusted = md.isTrusted;
  out.supportHtml = md.supportHtml;
  if (md.baseUri) out.baseUri = md.baseUri;
  return out;
}

/** `t` with its label, description, tooltip and screen-reader label made inert (in place, and returned). */
export function inertTreeItem(t: vscode.TreeItem): vscode.TreeItem {
  if (typeof t.label === 'string') t.label = inertText(t.label);
  else if (t.label) {
    const label = inertText(t.label.label);
    // Escapes change lengths, so search highlights would point at the wrong characters.
    if (label !== t.label.label) t.label = { label };
  }
  if (typeof t.description === 'string') t.description = inertText(t.description);
  if (typeof t.tooltip === 'string') t.tooltip = inertText(t.tooltip, { multiline: true });
  else if (t.tooltip) t.tooltip = inertMarkdown(t.tooltip);
  if (t.accessibilityInformation) t.accessibilityInformation = { ...t.accessibilityInformation, label: inertText(t.accessibilityInformation.label) };
  return t;
}

/** `item` (a quick pick entry) with its label, description and detail made inert. */
export function inertPick<T extends vscode.QuickPickItem>(item: T): T {
  return {
    ...item,
    label: inertText(item.label),
    ...(item.description !== undefined ? { description: inertText(item.description) } : {}),
    ...(item.detail !== undefined ? { detail: inertText(item.detail) } : {}),
  };
}
