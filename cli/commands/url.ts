import { readDeployed } from '../deploy/deployed.js';
import { CliError } from '../errors.js';
import { loadProject, resolveStage } from '../../project/config.js';

/**
 * `calix url`: the deployed API's URL (on its custom domain when it has one), then the router's
 * Function URL on a second line when the stage has one, from what `calix deploy` recorded.
 */
export async function urlCommand(o: { projectDir?: string; stage: string }): Promise<void> {
  const project = loadProject(o.projectDir);
  resolveStage(project, o.stage);
  const record = readDeployed(project.dir, o.stage);
  // On a custom domain, that is the URL clients use; the execute-api one still works.
  const url = record.customDomainUrl ?? record.url;
  if (!url) throw new CliError(`the ${record.stackName} stack has no API URL output; redeploy with \`calix deploy --stage ${o.stage}\``);
  process.stdout.write(url + '\n' + (record.functionUrl ? record.functionUrl + '\n' : ''));
}
