// The REST API: a SpecRestApi whose body is the app's OpenAPI document (routes, authorizers,
// binary media types and gateway responses all live in it), so the stack does not grow with the
// number of routes. API Gateway invokes the router through one permission.
import { ArnFormat, Aws, CfnRule, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import type { Construct } from 'constructs';
import type { OpenApiDocument } from '../project/openapi.js';
import type { ApiModel } from '../project/stage-model.js';
import { certificateRegion } from '../project/rules.js';
import type { StageConfig } from '../project/types.js';

const ENDPOINT_TYPES: Record<StageConfig['apiGatewayEndpointType'], apigw.EndpointType> = {
  EDGE: apigw.EndpointType.EDGE,
  REGIONAL: apigw.EndpointType.REGIONAL,
  PRIVATE: apigw.EndpointType.PRIVATE,
};

/**
 * The access log's JSON fields ($context variables), in one order for both APIs: each names its
 * matched route (`route`) and its integration error in its own variables.
 */
export const accessLogFormat = (route: Record<string, string>, integrationError: string): string =>
  JSON.stringify({
    requestId: '$context.requestId',
    extendedRequestId: '$context.extendedRequestId',
    ip: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    requestTime: '$context.requestTime',
    httpMethod: '$context.httpMethod',
    ...route,
    path: '$context.path',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    errorMessage: '$context.error.message',
    authorizerError: '$context.authorizer.error',
    integrationError,
  });

/** What either API (REST or HTTP) is built from. */
export interface CalixApiProps {
  readonly model: ApiModel;
  /** The deployed OpenAPI document, in the API type's flavour. */
  readonly openApi: OpenApiDocument;
  /** `Calix app <app>, stage <stage>`. */
  readonly description: string;
  readonly accessLogs: logs.ILogGroup;
  /** What the API invokes: the router's `live` alias. */
  readonly router: lambda.IFunction;
  /** Custom authorizers' functions (their aliases): API Gateway may invoke them for this API's authorizers. */
  readonly authorizerFunctions: readonly lambda.IFunction[];
  readonly customDomain: StageConfig['customDomain'];
}

export interface CalixRestApiProps extends CalixApiProps {
  readonly policy?: iam.PolicyDocument;
  readonly loggingLevel: apigw.MethodLoggingLevel;
}

export class CalixRestApi extends apigw.SpecRestApi {
  constructor(scope: Construct, id: string, props: CalixRestApiProps) {
    const endpointType = ENDPOINT_TYPES[props.model.endpointType] ?? apigw.EndpointType.REGIONAL;
    const domain = props.customDomain;
    super(scope, id, {
      apiDefinition: apigw.ApiDefinition.fromInline(props.openApi),
      restApiName: props.model.name,
      description: props.description,
      cloudWatchRole: false,
      endpointTypes: [endpointType],
      policy: props.policy,
      deployOptions: {
        stageName: props.model.stageName,
        description: props.description,
        accessLogDestination: new apigw.LogGroupLogDestination(props.accessLogs),
        accessLogFormat: apigw.AccessLogFormat.custom(accessLogFormat({ resourcePath: '$context.resourcePath' }, '$context.integration.error')),
        loggingLevel: props.loggingLevel,
        dataTraceEnabled: false,
      },
      ...(domain
        ? {
            domainName: {
              domainName: domain.domainName,
              certificate: acm.Certificate.fromCertificateArn(scope, 'Certificate', domain.certificateArn),
              endpointType,
              securityPolicy: domain.tlsPolicy === 'TLS_1_0' ? apigw.SecurityPolicy.TLS_1_0 : apigw.SecurityPolicy.TLS_1_2,
              ...(domain.basePath ? { basePath: domain.basePath } : {}),
            },
          }
        : {}),
    });
    // SpecRestApi adds an unnamed "Endpoint" output; CalixApp's own `Url` output replaces it.
    this.node.tryRemoveChild('Endpoint');
    if (domain && this.domainName) {
      if (domain.hostedZoneId) {
        // The trailing dot makes the name absolute, so the zone's own name is not needed.
        new route53.ARecord(this, 'DomainAlias', {
          zone: route53.HostedZone.fromHostedZoneId(this, 'Zone', domain.hostedZoneId),
          recordName: `${domain.domainName}.`,
          target: route53.RecordTarget.fromAlias(new route53Targets.ApiGatewayDomain(this.domainName)),
        });
      }
      const region = certificateRegion(domain.certificateArn);
      if (endpointType === apigw.EndpointType.REGIONAL && region) {
        // The stack is environment-agnostic: its region is known only when CloudFormation deploys
        // it, so the certificate's region is asserted there, before anything is created.
        new CfnRule(this, 'CertificateRegion', {
          assertions: [
            {
              assert: Fn.conditionEquals(Aws.REGION, region),
              assertDescription: `customDomain.certificateArn is in ${region}: a REGIONAL API's certificate must be in the stack's region; deploy this stage to ${region} or use a certificate from the region you deploy to`,
            },
          ],
        });
      }
    }

    // One permission for every route: API Gateway may invoke the router from this API only.
    props.router.addPermission('ApiGatewayInvoke', {
      principal: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      action: 'lambda:InvokeFunction',
      sourceArn: this.arnForExecuteApi(),
    });
    for (const fn of props.authorizerFunctions) {
      fn.addPermission('ApiGatewayAuthorizer', {
        principal: new iam.ServicePrincipal('apigateway.amazonaws.com'),
        action: 'lambda:InvokeFunction',
        sourceArn: Stack.of(this).formatArn({ service: 'execute-api', resource: this.restApiId, resourceName: 'authorizers/*' }),
      });
    }
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-APIG2',
      reason:
        'Request validation is configured inside the OpenAPI body (x-amazon-apigateway-request-validators: required parameters on every operation, and JSON bodies against their models on every operation whose route declares a body schema), which cdk-nag cannot read; a separate AWS::ApiGateway::RequestValidator resource would be attached to no method of a SpecRestApi. The router validates every request again with the route\'s own schemas (docs/schemas.md).',
    });
    Validations.of(this.deploymentStage).acknowledge({
      id: 'AwsSolutions-APIG3',
      reason:
        'A WAF web ACL is billed per ACL and per rule, and its rules depend on the application; attach one to calixApp.api.deploymentStage.stageArn with a wafv2.CfnWebACLAssociation when the API needs it.',
    });
  }

  /**
   * Sets this region's API Gateway account settings to a CloudWatch Logs role created in `scope`
   * (what `cloudWatchRole: true` would create, with an inline policy instead of the AWS managed
   * AmazonAPIGatewayPushToCloudWatchLogs). Role and setting are retained when the stack goes.
   */
  enableAccountLogging(scope: Construct): void {
    const stack = Stack.of(this);
    const role = new iam.Role(scope, 'ApiGatewayLoggingRole', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: 'API Gateway account settings: writes access and execution logs of every REST API of this account and region',
      inlinePolicies: {
        logs: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams', 'logs:PutLogEvents', 'logs:GetLogEvents', 'logs:FilterLogEvents'],
              resources: [stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
            }),
          ],
        }),
      },
    });
    role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    const account = new apigw.CfnAccount(scope, 'ApiGatewayAccount', { cloudWatchRoleArn: role.roleArn });
    account.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.deploymentStage.node.addDependency(account);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:*]',
      reason:
        "This is API Gateway's account-wide logging role: it creates and writes the execution log groups (API-Gateway-Execution-Logs_<api>/<stage>) and the access log groups of every REST API in the account and region, whose names are not known here; it is limited to log groups of this account and region.",
    });
  }
}
