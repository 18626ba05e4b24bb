/** Commands of the failing-tests feature (contributed in package.json). */
export const enum FailureCommand {
  /** {@link registerImportTestReport} */
  ImportTestReport = 'repoBacklog.importTestReport',
  /** {@link registerCaptureFailedTest}: Test Explorer context menus. */
  CaptureFailedTest = 'repoBacklog.captureFailedTest',
  /** {@link registerOpenFailingLine}: inline action in the Failing tests section. */
  OpenFailingLine = 'repoBacklog.openFailingLine',
  /** {@link registerFailingTestRowCommands}: the context menu of a Failing tests row. */
  OpenItem = 'repoBacklog.failingTests.openItem',
  OpenTest = 'repoBacklog.failingTests.openTest',
  CopyId = 'repoBacklog.failingTests.copyId',
  ResolveItem = 'repoBacklog.failingTests.resolveItem',
}
