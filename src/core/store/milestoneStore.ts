// Milestone files in `.backlog/milestones/`: read for loading (a file that cannot be read is a
// problem, not a failure) and created exclusively under an id from the name, like sprints.
import { isAlreadyExists, type BacklogFiles } from '../files';
import { joinPath } from '../paths';
import {
  checkNewMilestone, defaultMilestoneBody, parseMilestoneFile, renderMilestoneFile, type NewMilestone, type ParsedMilestoneFile,
} from '../planning/milestoneFile';
import type { Problem } from '../problem';
import { BacklogError } from './backlogError';
import { readPlanningFiles } from './itemReader';

/** Writes a new milestone file `milestones/<id>.md` (never over an existing one); returns its file and text. */
export async function writeNewMilestone(files: BacklogFiles, milestonesDir: string, input: NewMilestone): Promise<{ file: string; text: string }> {
  const checked = checkNewMilestone(input);
  if (!checked.ok) throw new BacklogError(checked.message, 'invalid-value');
  const file = joinPath(milestonesDir, `${checked.id}.md`);
  const text = renderMilestoneFile(checked.fields, input.body ?? defaultMilestoneBody());
  await files.mkdirp(milestonesDir);
  try {
    await files.createExclusive(file, text);
  } catch (e) {
    if (isAlreadyExists(e)) throw new BacklogError(`A milestone ${checked.id} already exists (${file}); pick another name`, 'exists');
    throw e;
  }
  return { file, text };
}

/** Parses every milestone file in `milestonesDir` (none when the folder does not exist). */
export function readMilestoneFiles(files: BacklogFiles, root: string, milestonesDir: string, problems: Problem[]): Promise<Map<string, ParsedMilestoneFile>> {
  return readPlanningFiles(files, root, milestonesDir, problems, parseMilestoneFile);
}
