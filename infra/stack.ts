// The stack `calix package` / `calix deploy` synthesize: one CalixApp in a stack named
// `<app>-<stage>`, environment-agnostic (account/region come from the credentials at deploy).
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { DEFAULTS } from '../project/config.js';
import { stackName } from '../project/stage-model.js';
import type { StageConfig } from '../project/types.js';
import { CalixApp, type CalixAppProps } from './calix-app.js';

export interface CalixStackProps extends CalixAppProps {
  /**
   * Extra stack settings (env, synthesizer, termination protection, ...).
   * @default env-agnostic; `suppressTemplateIndentation: true`; description naming the app and stage
   */
  readonly stackProps?: StackProps;
}

/**
 * A stack holding one {@link CalixApp} (construct id `App`). Its template is written without
 * indentation: the OpenAPI body grows with routes x methods, and this keeps it about half as
 * large, away from CloudFormation's 1 MB template limit.
 */
export class CalixStack extends Stack {
  readonly calix: CalixApp;

  constructor(scope: Construct, props: CalixStackProps) {
    const { stackProps, ...appProps } = props;
    super(scope, stackName(props.stage), {
      stackName: stackName(props.stage),
      description: `Calix app ${props.stage.app}, stage ${props.stage.stage}`,
      suppressTemplateIndentation: true,
      ...stackProps,
    });
    this.calix = new CalixApp(this, 'App', appProps);
  }
}

/**
 * A complete StageConfig from the config loader's defaults plus the given values (stage `dev`
 * unless given): for using CalixApp in your own CDK app without a `.calix/config.json`.
 */
export function defaultStageConfig(values: Partial<StageConfig> & Pick<StageConfig, 'app'>): StageConfig {
  return { ...DEFAULTS, stage: 'dev', customDomain: null, lambdaFunctions: {}, authorizers: {}, ...values };
}
