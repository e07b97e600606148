/**
 * A problem with the project the user can fix (a bad config value, a build error, an app that
 * does not load): the CLI prints the message as one `calix: error:` line, without a stack.
 * `exitCode` 2 means the user called the command wrongly.
 */
export class ProjectError extends Error {
  override name = 'ProjectError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
