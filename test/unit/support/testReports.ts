import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backlog } from '../../../src/core/backlog';
import type { ReportInput } from '../../../src/core/testReports/importReports';
import { nodeFiles } from '../../../src/node/nodeFiles';

/** An initialised, empty backlog in a temp folder, stamped by the suite's own clock. */
export async function freshBacklog(now: () => Date): Promise<Backlog> {
  const backlog = new Backlog(mkdtempSync(join(tmpdir(), 'backlog-tests-')), nodeFiles, { now });
  await backlog.load();
  await backlog.init();
  return backlog;
}

/** A report to import whose text is given inline. */
export function report(name: string, text: string): ReportInput {
  return {
    name,
    open: async function* () {
      yield text;
    },
  };
}
