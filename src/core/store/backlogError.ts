export type BacklogErrorCode =
  | 'changed-on-disk' | 'missing-item' | 'not-initialized' | 'backlog-md' | 'duplicate-id' | 'invalid-value' | 'exists'
  /** A part of `.backlog/` is a link leading out of the folder: nothing is read or written through it. */
  | 'unsafe-path'
  /** Another process kept the backlog's write lock too long. */
  | 'locked'
  /** The workspace is not trusted: the backlog is shown, never written. */
  | 'read-only'
  /** A file the program itself needs is missing (e.g. dist/mcpServer.js beside the CLI). */
  | 'missing-file';

/** An operation the user asked for could not be done; the message says why and what to do. */
export class BacklogError extends Error {
  constructor(message: string, readonly code: BacklogErrorCode) {
    super(message);
    this.name = 'BacklogError';
  }
}
