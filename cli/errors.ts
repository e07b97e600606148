/**
 * An error the CLI reports as a plain message (no stack): bad input, a broken config, a
 * failed build. `exitCode` 2 means the user called the CLI wrongly.
 */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
