import { ProjectError } from '../project/errors.js';

/**
 * An error the CLI reports as a plain message (no stack): bad input, a broken config, a
 * failed build. `exitCode` 2 means the user called the CLI wrongly. The CLI's own kind of
 * the project layer's ProjectError, reported the same way.
 */
export class CliError extends ProjectError {
  override name = 'CliError';
}
