// The HTTP API (`api: { type: "http" }`): an API Gateway v2 HTTP API imported from the app's
// HTTP API OpenAPI document (routes, integrations, authorizers and CORS all live in its Body), so
// the stack does not grow with the number of routes; one auto-deployed stage with access logs;
// API Gateway invokes the router through one permission.
import { Aws, CfnRule, Fn, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { accessLogFormat, type CalixApiProps } from './rest-api.js';
import { certificateRegion } from '../project/rules.js';

/** What the HTTP API is built from: the REST API's inputs, with the HTTP API flavour of the document (project/http-api.ts). */
export type CalixHttpApiProps = CalixApiProps;

export class CalixHttpApi extends Construct {
  /** The HTTP API (`AWS::ApiGatewayV2::Api` with the document as its Body). */
  readonly api: apigwv2.CfnApi;
  /** Its stage (`apiGatewayStage`), deployed automatically on every change, with access logs. */
  readonly stage: apigwv2.CfnStage;
  /** The API id. */
  readonly apiId: string;
  /** `https://<id>.execute-api.<region>.<suffix>/<stage>/`, the same shape as a REST API's URL. */
  readonly url: string;
  /** The custom domain, when the stage has one. */
  readonly domainName?: apigwv2.CfnDomainName;

  constructor(scope: Construct, id: string, props: CalixHttpApiProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // Name and description come from the Body (info.title/description) on import.
    this.api = new apigwv2.CfnApi(this, 'Resource', { body: props.openApi, failOnWarnings: false });
    this.apiId = this.api.ref;
    this.stage = new apigwv2.CfnStage(this, 'Stage', {
      apiId: this.apiId,
      stageName: props.model.stageName,
      description: props.description,
      autoDeploy: true,
      accessLogSettings: { destinationArn: props.accessLogs.logGroupArn, format: accessLogFormat({ routeKey: '$context.routeKey' }, '$context.integrationErrorMessage') },
    });
    this.url = `https://${this.apiId}.execute-api.${stack.region}.${stack.urlSuffix}/${this.stage.ref}/`;

    // One permission for every route: API Gateway may invoke the router from this API only.
    props.router.addPermission('ApiGatewayInvoke', {
      principal: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      action: 'lambda:InvokeFunction',
      sourceArn: stack.formatArn({ service: 'execute-api', resource: this.apiId, resourceName: '*/*' }),
    });
    for (const fn of props.authorizerFunctions) {
      fn.addPermission('ApiGatewayAuthorizer', {
        principal: new iam.ServicePrincipal('apigateway.amazonaws.com'),
        action: 'lambda:InvokeFunction',
        sourceArn: stack.formatArn({ service: 'execute-api', resource: this.apiId, resourceName: 'authorizers/*' }),
      });
    }

    const domain = props.customDomain;
    if (domain) {
      // HTTP APIs are regional: a regional domain name with a TLS 1.2 policy, mapped to the stage.
      this.domainName = new apigwv2.CfnDomainName(this, 'DomainName', {
        domainName: domain.domainName,
        domainNameConfigurations: [{ certificateArn: domain.certificateArn, endpointType: 'REGIONAL', securityPolicy: 'TLS_1_2' }],
      });
      const mapping = new apigwv2.CfnApiMapping(this, 'ApiMapping', {
        apiId: this.apiId,
        domainName: this.domainName.ref,
        stage: this.stage.ref,
        ...(domain.basePath ? { apiMappingKey: domain.basePath } : {}),
      });
      mapping.addDependency(this.stage);
      if (domain.hostedZoneId) {
        new route53.ARecord(this, 'DomainAlias', {
          zone: route53.HostedZone.fromHostedZoneId(this, 'Zone', domain.hostedZoneId),
          recordName: `${domain.domainName}.`,
          target: route53.RecordTarget.fromAlias(new route53Targets.ApiGatewayv2DomainProperties(this.domainName.attrRegionalDomainName, this.domainName.attrRegionalHostedZoneId)),
        });
      }
      const region = certificateRegion(domain.certificateArn);
      if (region) {
        // As for a REGIONAL REST API: the certificate must be in the region the stack deploys to.
        new CfnRule(this, 'CertificateRegion', {
          assertions: [
            {
              assert: Fn.conditionEquals(Aws.REGION, region),
              assertDescription: `customDomain.certificateArn is in ${region}: an HTTP API's certificate must be in the stack's region; deploy this stage to ${region} or use a certificate from the region you deploy to`,
            },
          ],
        });
      }
    }
  }
}
