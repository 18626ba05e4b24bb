// Text from item files (titles, labels, assignees, test names) shown inside Markdown (hovers,
// tooltips) must read as itself: `**`, `[x](y)`, `<b>`, `# ` or `$(icon)` in a title are the
// author's characters, not formatting. VS Code's `MarkdownString.appendText` escapes too, but it
// also turns every space into `&nbsp;`, so a hover can then only wrap inside words.

/** `text` as literal Markdown inline text: syntax characters backslash-escaped, line breaks as spaces. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r?\n|\r/g, ' ').replace(/[\\`*_{}[\]()#+\-.!|<>~$&:]/g, '\\$&');
}
