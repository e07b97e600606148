import { CliError } from '../errors.js';

export const CREDENTIALS_HELP =
  'configure AWS credentials first: `aws configure` (or `aws sso login`), or set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; and a region with AWS_REGION';

/**
 * Settings for Calix's own AWS SDK clients: the record's region when known (else the SDK's
 * default chain: AWS_REGION, the profile). Endpoints come from the SDK's own AWS_ENDPOINT_URL*
 * support, as the toolkit's do.
 */
export const clientConfig = (region: string | null | undefined) => ({ ...(region ? { region } : {}), maxAttempts: 3 });

/** SDK failures that mean "no credentials" or "no region": one actionable message; else undefined. */
export function sdkSetupError(e: unknown, what: string): CliError | undefined {
  const err = e as Error;
  if (err?.name === 'CredentialsProviderError' || /Could not load credentials|credentials/i.test(err?.message ?? '')) {
    return new CliError(`cannot ${what}: no AWS credentials. To fix, ${CREDENTIALS_HELP}.`);
  }
  if (/Region is missing/i.test(err?.message ?? '')) return new CliError(`cannot ${what}: no AWS region. To fix, set AWS_REGION (or a region in your AWS profile).`);
  return undefined;
}
