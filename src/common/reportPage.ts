import { htmlDocument, text } from './html';

// The shell of the pages built on the host as static HTML with no script at all (Sprint Review,
// Forecast). Pure: no 'vscode', so the pages are tested in plain Node.

/** One script-free page. */
export interface ReportPage {
  /** Plain text; escaped here. */
  readonly title: string;
  /** Allows the page's one style block; a fresh one for every page. */
  readonly nonce: string;
  readonly style: string;
  /** The body's HTML, every piece of backlog text in it already passed through {@link text}. */
  readonly body: string;
}

/**
 * The HTML of a script-free page. The CSP allows the page's one nonce'd style block and nothing
 * else: no script, no image, font or stylesheet fetched. Links still work; which command links a
 * panel follows is the panel's `enableCommandUris`.
 */
export function reportPageHtml(page: ReportPage): string {
  const csp = `default-src 'none'; style-src 'nonce-${page.nonce}'`;
  return htmlDocument(csp, `<title>${text(page.title)}</title>\n<style nonce="${page.nonce}">${page.style}</style>`, page.body);
}
