// Sprint files in `.backlog/sprints/`: a new one is created exclusively under an id from its
// name; a change rewrites only the fields it names and is checked before it is written.
import { isAlreadyExists, type BacklogFiles } from '../files';
import { joinPath, relativeTo } from '../paths';
import {
  defaultSprintBody, isSprintId, normalizeSprintChanges, parseSprintFile, renderSprintFile, sprintIdFromName,
  type NewSprint,
} from '../planning/sprintFile';
import { BacklogError } from './backlogError';
import { editedText } from './editedText';

/** Writes a new sprint file `sprints/<id>.md` (the id comes from the name unless given); returns its file and text. */
export async function writeNewSprint(files: BacklogFiles, sprintsDir: string, input: NewSprint): Promise<{ file: string; text: string }> {
  const name = input.name.replace(/\s+/g, ' ').trim();
  if (!name) throw new BacklogError('A sprint needs a name', 'invalid-value');
  const id = input.id ?? sprintIdFromName(name);
  if (!isSprintId(id)) throw new BacklogError(`"${id}" cannot be a sprint id: use letters, digits, ".", "_" or "-"`, 'invalid-value');
  const fields = checkSprintChanges({ name, start: input.start, end: input.end, goal: input.goal, capacity: input.capacity, state: 'planned' });
  const file = joinPath(sprintsDir, `${id}.md`);
  const text = renderSprintFile(fields, input.body ?? defaultSprintBody());
  await files.mkdirp(sprintsDir);
  try {
    await files.createExclusive(file, text);
  } catch (e) {
    if (isAlreadyExists(e)) throw new BacklogError(`A sprint ${id} already exists (${file}); pick another name`, 'exists');
    throw e;
  }
  return { file, text };
}

/** The sprint file's text with `changes` applied, refused (nothing written) if it would not parse as a sprint. */
export function editedSprintText(root: string, file: string, text: string, changes: Readonly<Record<string, unknown>>): string {
  const next = editedText(root, file, text, checkSprintChanges(changes));
  const parsed = parseSprintFile(file, next);
  if (!parsed.sprint) throw new BacklogError(`${relativeTo(root, file)}: the change would leave the sprint unreadable (${parsed.problems[0]?.message}); nothing was written`, 'invalid-value');
  return next;
}

function checkSprintChanges(changes: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const checked = normalizeSprintChanges(changes);
  if (!checked.ok) throw new BacklogError(checked.message, 'invalid-value');
  return checked.changes;
}
