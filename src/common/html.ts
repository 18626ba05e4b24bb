/** Escapes text for HTML element content and attribute values: backlog text can only ever be text. */
export function text(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The document every webview page of ours is: its Content Security Policy first in the head, then
 * the page's own head and body (HTML the caller has already escaped).
 */
export function htmlDocument(csp: string, head: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${head}
</head>
<body>
${body}
</body>
</html>`;
}
