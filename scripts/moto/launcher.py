#!/usr/bin/env python3
"""Runs moto_server (exactly moto 5.2.1) with the gaps that stop a `calix deploy` filled
(and CloudFormation's rollback added, so failed deploys end as on AWS).

Usage: python3 scripts/moto/launcher.py -H 127.0.0.1 -p PORT   (same flags as moto_server)

Each patch below wraps moto's own code instead of replacing it, and is listed with its reason
(details in docs/deploying-tests.md). Before patching, the launcher checks that the moto version
is 5.2.1 and that every function it wraps still has the signature it was written against; if
anything moved it exits with status 3 naming it, instead of serving an emulator that half works.

1. RestApi Body: CloudFormation's AWS::ApiGateway::RestApi ignores `Body` (the inline OpenAPI
   document Calix deploys), so the Deployment fails with "The REST API doesn't contain any
   methods". Fill: after moto creates the API, import the body with moto's own
   `put_rest_api(mode="overwrite")`; a missing integration `uri`/`httpMethod` (mock integrations)
   becomes "". RestApi also has no CloudFormation deletion (the API outlived `calix delete`):
   deleting the stack now deletes the API through moto's `delete_rest_api`.
2. Change-set outputs: ExecuteChangeSet applies the resources but leaves the stack's parsed
   template empty, so the stack has no Outputs. Fill: recompute template and outputs afterwards.
3. AWS::ApiGateway::Stage has no CloudFormation model (its Ref is None and no stage exists).
   Fill: a small model over moto's `create_stage` / stage deletion; Ref is the stage name.
4. Change sets outlive their execution and a missing one is a ValidationError, so the toolkit's
   "wait until the old change set is gone" never ends. Fill: as CloudFormation does, executing a
   change set removes the stack's change sets; describing a missing one is ChangeSetNotFound;
   deleting a missing one succeeds.
5. AWS::Cognito::UserPool and AWS::Cognito::UserPoolClient have no CloudFormation model (an app
   with a created pool, like the auth blueprint, cannot deploy). Fill: two small models over
   moto's own create/delete of pools and clients; Ref is the id, GetAtt Arn/ProviderName/
   ProviderURL work.
6. Failed resources never roll back: when a resource's create/update raises during
   ExecuteChangeSet, moto answers the API call with that error and leaves the stack half-applied
   in CREATE_IN_PROGRESS/UPDATE_IN_PROGRESS (the toolkit then waits forever). Fill: as
   CloudFormation does, ExecuteChangeSet succeeds; the failing resource gets a CREATE_FAILED/
   UPDATE_FAILED event carrying moto's error as its ResourceStatusReason; a first create deletes
   the resources made so far and ends in ROLLBACK_COMPLETE; an update re-applies the previous
   template and ends in UPDATE_ROLLBACK_COMPLETE (UPDATE_ROLLBACK_FAILED if that raises too).
7. AWS::Lambda::Function ignores `Layers` on create (only an update reads them), so a function
   naming a layer version that does not exist is created anyway. Fill: check the layer versions
   as CreateFunction does (moto's own lookup and ResourceNotFoundException) and keep them.
8. CloudTrail LookupEvents is not implemented (a 500). After a failed deploy the CDK toolkit
   sweeps CloudTrail for errored calls to explain the failure, and the SDK retries each 500 with
   back-off: about 30 s of retries before the toolkit reports. Fill: LookupEvents answers an
   empty page, which is what moto's CloudTrail holds (it records no management events).
9. Lambda code never runs: moto runs functions in Docker, which these machines do not have
   (every invoke answers "error running docker"). Fill: a Node.js function's code runs under
   this machine's `node` (scripts/moto/run-lambda.mjs) with the function's environment, its
   handler setting and timeout, credentials for this emulator and AWS_ENDPOINT_URL pointing at
   it, so the AWS SDK calls it makes come back here; like Lambda's Node.js runtime, it provides
   the AWS SDK v3 (`@aws-sdk/*`, this checkout's) to code that leaves it out of its bundle. Its
   console output goes to the function's
   log group (the `LoggingConfig` one when the template sets it, as Lambda does), its result is
   the invocation's payload, a throw is a function error. An `Event` invocation answers 202 at
   once and runs in the background, as Lambda does; moto's SQS event source mappings invoke the
   same way. A mapping made on a qualified name (`name:live`, an alias ARN) keeps that qualified
   ARN as its FunctionArn and resolves it on every batch, as Lambda does (moto resolved it once,
   at creation, to the version it then named). Other runtimes keep moto's behaviour.
10. AWS::Lambda::Url has no CloudFormation model (moto implements the Lambda API's
    CreateFunctionUrlConfig, not the resource), so a stage with `functionUrl` cannot deploy. Fill: a
    small model over moto's own create/delete_function_url_config (AuthType, Cors, InvokeMode);
    GetAtt FunctionUrl and FunctionArn work. moto serves no HTTP at the URL it makes up. moto has
    no URL on an alias (`Qualifier`, where Calix puts it: the `live` alias): such a URL is kept by
    the patch, Get/DeleteFunctionUrlConfig with `?Qualifier=` answer it (FunctionArn the alias
    ARN), and the unqualified function has none, as on Lambda.
11. AWS::ApiGatewayV2::Api has no CloudFormation model (an `api.type: "http"` stage cannot deploy).
    Fill: a model over moto's own create_api + Api.import_api with the inline `Body` (routes and
    payload-format-2.0 integrations, CORS); moto's import leaves out what the document's
    securitySchemes and per-operation `security` say, so the model creates those authorizers
    (JWT with issuer/audience, Lambda REQUEST, and AWS_IAM routes) with moto's create_authorizer
    and sets each route's authorization type, authorizer and scopes, as API Gateway's import does;
    integration types are upper-cased (AWS_PROXY) as API Gateway answers them.
    An update re-imports the body (keeping the stages, which moto's import would clear); deleting
    the stack deletes the API. Ref is the API id; GetAtt ApiEndpoint/ApiId work.
12. AWS::ApiGatewayV2::Stage has no CloudFormation model. Fill: a model over moto's
    Api.create_stage / delete_stage with the stage's auto-deploy and access-log settings; Ref is
    the stage name. (DomainName/ApiMapping stay unmodelled: custom domains are template-tested.)
13. AWS::Lambda::Version: moto's model publishes a version but has no Ref (it returns the model
    object, not the version ARN), no GetAtt Version (CDK's alias reads it), ignores Description,
    and moto numbers a new version len(versions)+1, so after a version is deleted the next one
    reuses a number still in use (Lambda never reuses a number); and a version shares $LATEST's
    code dict, so the next code update changes the version's Code.Location too; and moto
    publishes whenever an update happened, even one that changed nothing (Lambda compares code
    and configuration with the last version). Fill: the model passes
    Description, Ref is the version ARN, GetAtt Version/FunctionArn work; publish_version numbers
    past every number the function ever had, with its own copy of the code, and returns the last
    version when code and configuration equal it. moto applies a stack update as remove, add, modify,
    so a new version was published before its function's new code: the function is updated
    first, as CloudFormation's dependency order does. A version leaving the template is kept (moto has no
    version deletion in its model, and Calix retains every version it publishes).
    And, as CloudFormation's handler does, a Version whose publish returns an existing version
    (nothing changed since it) fails with Lambda's "Version already exists".
14. AWS::Lambda::Alias has no CloudFormation model. Fill: create/update/delete over moto's own
    create_alias/update_alias/delete_alias; Ref is the alias ARN. ProvisionedConcurrencyConfig is
    accepted and ignored (moto has no provisioned concurrency): it is covered by template tests.
"""
import inspect
import json
import os
import subprocess
import sys
import tempfile
import threading
import zipfile
from io import BytesIO
from urllib.parse import unquote

EXPECTED_VERSION = "5.2.1"


def fail(what: str) -> None:
    sys.stderr.write(f"scripts/moto/launcher.py: {what}; this launcher patches moto {EXPECTED_VERSION} only, update it for the installed moto\n")
    sys.exit(3)


try:
    import moto
    from moto.apigateway import models as apigw
    from moto.apigatewayv2 import models as apigwv2
    from moto.awslambda import models as awslambda
    from moto.awslambda.exceptions import UnknownLayerVersionException
    from moto.cloudtrail import responses as cloudtrail
    from moto.cognitoidp import models as cognito
    from moto.cloudformation import models as cfn
    from moto.cloudformation import parsing
    from moto.core.common_models import CloudFormationModel
    from moto.core.exceptions import ServiceException
    from moto.awslambda import responses as lambda_responses
    from moto.server import main as server_main
    from moto.sqs import models as sqs_models
except ImportError as e:  # moto missing or reorganized
    fail(f"cannot import moto ({e})")

if moto.__version__ != EXPECTED_VERSION:
    fail(f"moto is {moto.__version__}")

# Every wrapped function with the parameters it had when the patches were written.
EXPECTED = {
    (awslambda.LambdaFunction, "invoke"): ["self", "body", "request_headers", "response_headers"],
    (apigw.RestAPI, "create_from_cloudformation_json"): ["resource_name", "cloudformation_json", "account_id", "region_name", "kwargs"],
    (apigw.APIGatewayBackend, "put_rest_api"): ["self", "function_id", "api_doc", "fail_on_warnings", "mode"],
    (apigw.APIGatewayBackend, "_build_integration_args"): ["self", "x_amaz_apigw_integ"],
    (apigw.APIGatewayBackend, "create_stage"): ["self", "function_id", "stage_name", "deploymentId", "variables", "description", "cacheClusterEnabled", "cacheClusterSize", "tags", "tracing_enabled"],
    (apigw.APIGatewayBackend, "delete_stage"): ["self", "function_id", "stage_name"],
    (apigw.APIGatewayBackend, "delete_rest_api"): ["self", "function_id"],
    (cfn.CloudFormationBackend, "execute_change_set"): ["self", "change_set_name", "stack_name"],
    (cfn.CloudFormationBackend, "describe_change_set"): ["self", "change_set_name"],
    (cfn.CloudFormationBackend, "delete_change_set"): ["self", "change_set_name"],
    (cognito.CognitoIdpBackend, "create_user_pool"): ["self", "name", "extended_config"],
    (cognito.CognitoIdpBackend, "delete_user_pool"): ["self", "user_pool_id"],
    (cognito.CognitoIdpBackend, "create_user_pool_client"): ["self", "user_pool_id", "generate_secret", "extended_config"],
    (cognito.CognitoIdpBackend, "delete_user_pool_client"): ["self", "user_pool_id", "client_id"],
    (cfn.Stack, "_parse_template"): ["self"],
    (cfn.Stack, "_create_output_map"): ["self"],
    (cfn.Stack, "_add_stack_event"): ["self", "resource_status", "resource_status_reason", "resource_properties"],
    (cfn.Event, "__init__"): ["self", "stack_id", "stack_name", "logical_resource_id", "physical_resource_id", "resource_type", "resource_status", "resource_status_reason", "resource_properties"],
    (parsing.ResourceMap, "update"): ["self", "template", "parameters"],
    (parsing.ResourceMap, "delete"): ["self"],
    (apigwv2.ApiGatewayV2Backend, "create_api"): ["self", "api_key_selection_expression", "cors_configuration", "description", "disable_schema_validation", "disable_execute_api_endpoint", "name", "protocol_type", "route_selection_expression", "tags", "version"],
    (apigwv2.ApiGatewayV2Backend, "delete_api"): ["self", "api_id"],
    (apigwv2.Api, "import_api"): ["self", "body_str", "fail_on_warnings"],
    (apigwv2.Api, "create_authorizer"): ["self", "auth_creds_arn", "auth_payload_format_version", "auth_result_ttl", "authorizer_type", "authorizer_uri", "enable_simple_response", "identity_source", "identity_validation_expr", "jwt_config", "name"],
    (apigwv2.Api, "create_stage"): ["self", "config"],
    (apigwv2.Api, "delete_stage"): ["self", "stage_name"],
    (awslambda.LambdaFunction, "create_from_cloudformation_json"): ["resource_name", "cloudformation_json", "account_id", "region_name", "kwargs"],
    (awslambda.LambdaFunction, "_get_layers_data"): ["self", "layers_versions_arns"],
    (awslambda.LambdaBackend, "layers_versions_by_arn"): ["self", "layer_version_arn"],
    (awslambda.LambdaFunction, "_invoke_lambda"): ["self", "event"],
    (awslambda.LambdaFunction, "invoke"): ["self", "body", "request_headers", "response_headers"],
    (awslambda.LambdaBackend, "create_function_url_config"): ["self", "name_or_arn", "config"],
    (awslambda.LambdaBackend, "delete_function_url_config"): ["self", "name_or_arn"],
    (awslambda.LambdaVersion, "create_from_cloudformation_json"): ["resource_name", "cloudformation_json", "account_id", "region_name", "kwargs"],
    (awslambda.LambdaStorage, "publish_version"): ["self", "name_or_arn", "description"],
    (awslambda.LambdaBackend, "create_alias"): ["self", "name", "function_name", "function_version", "description", "routing_config"],
    (awslambda.LambdaBackend, "update_alias"): ["self", "name", "function_name", "function_version", "description", "routing_config"],
    (awslambda.LambdaBackend, "delete_alias"): ["self", "name", "function_name"],
    (awslambda.LambdaBackend, "create_event_source_mapping"): ["self", "spec"],
    (awslambda.FunctionUrlConfig, "__init__"): ["self", "function", "config"],
    (awslambda.FunctionUrlConfig, "to_dict"): ["self"],
    (lambda_responses.LambdaResponse, "get_function_url_config"): ["self"],
    (lambda_responses.LambdaResponse, "delete_function_url_config"): ["self"],
}
RECORDED = {"parse_and_create_resource": "CREATE_FAILED", "parse_and_update_resource": "UPDATE_FAILED"}
for name in RECORDED:  # ResourceMap calls these through the parsing module's globals
    got = list(inspect.signature(getattr(parsing, name)).parameters) if hasattr(parsing, name) else None
    if got != ["logical_id", "resource_json", "resources_map", "account_id", "region_name"]:
        fail(f"moto.cloudformation.parsing.{name} has parameters {got}")
for (owner, name), params in EXPECTED.items():
    fn = getattr(owner, name, None)
    if fn is None:
        fail(f"{owner.__module__}.{owner.__name__}.{name} no longer exists")
    got = list(inspect.signature(fn).parameters)
    if got != params:
        fail(f"{owner.__module__}.{owner.__name__}.{name} has parameters {got}, expected {params}")
for module, name in [(parsing, "get_model_list"), (parsing, "get_model_map"), (parsing, "get_name_type_map")]:
    if not hasattr(getattr(module, name, None), "cache_clear"):
        fail(f"{module.__name__}.{name} is no longer a cached function")
if hasattr(cloudtrail.CloudTrailResponse, "lookup_events") or not hasattr(cloudtrail.CloudTrailResponse, "list_trails"):
    fail("moto.cloudtrail.responses.CloudTrailResponse changed (lookup_events exists now, or list_trails is gone)")
for v2_type in ("AWS::ApiGatewayV2::Api", "AWS::ApiGatewayV2::Stage"):
    if v2_type in parsing.get_model_map():
        fail(f"moto models {v2_type} in CloudFormation now (patches 9-10 may be unneeded)")
if not hasattr(cfn.CloudFormationBackend(region_name="us-east-1", account_id="123456789012"), "change_sets"):
    fail("CloudFormationBackend has no change_sets")

_resource_map_source = inspect.getsource(parsing.ResourceMap.__init__)
if "self._parsed_resources" not in _resource_map_source or "self._resource_json_map" not in _resource_map_source:
    fail("moto.cloudformation.parsing.ResourceMap no longer keeps _parsed_resources / _resource_json_map (patch 13 reads them)")
if "queue.lambda_event_source_mappings[esm.function_arn] = esm" not in inspect.getsource(awslambda.LambdaBackend.create_event_source_mapping):
    fail("moto.awslambda.models.LambdaBackend.create_event_source_mapping no longer keys the queue's mappings by esm.function_arn (patch 9 re-keys them)")
for attr in ("_functions", "_arns", "get_function_by_name_or_arn_forbid_qualifier", "get_function_by_name_forbid_qualifier", "split_function_arn"):
    if attr not in inspect.getsource(awslambda.LambdaStorage):
        fail(f"moto.awslambda.models.LambdaStorage has no {attr} (patch 13 uses it)")

# 1. RestApi Body -------------------------------------------------------------------------
_create_rest_api_cfn = apigw.RestAPI.create_from_cloudformation_json.__func__


def create_rest_api_cfn(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    api = _create_rest_api_cfn(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    body = cloudformation_json["Properties"].get("Body")
    if isinstance(body, dict):
        apigw.apigateway_backends[account_id][region_name].put_rest_api(api.id, body, fail_on_warnings=False, mode="overwrite")
    return api


apigw.RestAPI.create_from_cloudformation_json = classmethod(create_rest_api_cfn)
if hasattr(apigw.RestAPI, "delete"):
    fail("moto.apigateway.models.RestAPI.delete exists now (RestApi deletion may be native)")


def delete_rest_api_cfn(self, account_id, region_name):
    backend = apigw.apigateway_backends[account_id][region_name]
    if self.id in backend.apis:
        backend.delete_rest_api(self.id)


apigw.RestAPI.delete = delete_rest_api_cfn  # ResourceMap.delete calls resource.delete(account, region)
_build_integration_args = apigw.APIGatewayBackend._build_integration_args


def build_integration_args(self, x_amaz_apigw_integ):
    args = _build_integration_args(self, x_amaz_apigw_integ)
    for key in ("uri", "integration_method"):
        if args.get(key) is None:
            args[key] = ""  # put_integration requires both; a mock integration has neither
    return args


apigw.APIGatewayBackend._build_integration_args = build_integration_args


# 2 + 4. Change sets -------------------------------------------------------------------------
class ChangeSetNotFound(ServiceException):
    code = "ChangeSetNotFound"


_execute_change_set = cfn.CloudFormationBackend.execute_change_set
_describe_change_set = cfn.CloudFormationBackend.describe_change_set
_delete_change_set = cfn.CloudFormationBackend.delete_change_set


def find_change_set(backend, name_or_arn):
    return next((k for k, cs in backend.change_sets.items() if name_or_arn in (k, cs.change_set_name)), None)


def execute_change_set(self, change_set_name, stack_name=None):
    key = find_change_set(self, change_set_name)
    if key is None:
        raise ChangeSetNotFound(f"ChangeSet [{change_set_name}] does not exist")
    stack = self.stacks[self.change_sets[key].stack_id]
    change_set_type = self.change_sets[key].change_set_type
    previous = (stack.template_dict, stack.resource_map.input_parameters)
    failed.clear()
    try:
        _execute_change_set(self, change_set_name, stack_name)
    except Exception as e:  # gap 6: roll back as CloudFormation does; the API call itself succeeds
        roll_back(stack, change_set_type, previous, e)
        for k in [k for k, cs in self.change_sets.items() if cs.stack_id == stack.stack_id]:
            del self.change_sets[k]
        return
    stack._parse_template()  # gap 2: the stack's template, description and Outputs
    stack.description = stack.template_dict.get("Description")
    stack.output_map = stack._create_output_map()
    for k in [k for k, cs in self.change_sets.items() if cs.stack_id == stack.stack_id]:
        del self.change_sets[k]  # gap 4: CloudFormation removes a stack's change sets on execution


def describe_change_set(self, change_set_name):
    if find_change_set(self, change_set_name) is None:
        raise ChangeSetNotFound(f"ChangeSet [{change_set_name}] does not exist")
    return _describe_change_set(self, change_set_name)


def delete_change_set(self, change_set_name):
    if find_change_set(self, change_set_name) is not None:
        _delete_change_set(self, change_set_name)


cfn.CloudFormationBackend.execute_change_set = execute_change_set


# 3. AWS::ApiGateway::Stage ------------------------------------------------------------------
class CfnApiGatewayStage(CloudFormationModel):
    __module__ = "moto.apigateway.models"  # moto's model registry keys models by their module

    def __init__(self, rest_api_id, stage_name):
        self.rest_api_id = rest_api_id
        self.physical_resource_id = stage_name  # Ref of AWS::ApiGateway::Stage is the stage name

    @staticmethod
    def cloudformation_name_type():
        return "StageName"

    @staticmethod
    def cloudformation_type():
        return "AWS::ApiGateway::Stage"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = cloudformation_json["Properties"]
        apigw.apigateway_backends[account_id][region_name].create_stage(
            function_id=p["RestApiId"], stage_name=p["StageName"], deploymentId=p["DeploymentId"],
            variables=p.get("Variables"), description=p.get("Description", ""),
            tracing_enabled=p.get("TracingEnabled"),
        )
        return cls(p["RestApiId"], p["StageName"])

    def delete(self, account_id, region_name):
        api = apigw.apigateway_backends[account_id][region_name].apis.get(self.rest_api_id)
        if api is not None:  # the API may already be gone with its stages
            api.stages.pop(self.physical_resource_id, None)


# 5. AWS::Cognito::UserPool and UserPoolClient -------------------------------------------------
class CfnUserPool(CloudFormationModel):
    __module__ = "moto.cognitoidp.models"

    def __init__(self, pool):
        self.pool = pool
        self.physical_resource_id = pool.id

    @staticmethod
    def cloudformation_name_type():
        return "UserPoolName"

    @staticmethod
    def cloudformation_type():
        return "AWS::Cognito::UserPool"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = dict(cloudformation_json["Properties"])
        name = p.pop("UserPoolName", resource_name)
        return cls(cognito.cognitoidp_backends[account_id][region_name].create_user_pool(name, p))

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr in ("Arn", "ProviderName", "ProviderURL", "UserPoolId")

    def get_cfn_attribute(self, attribute_name):
        provider = f"cognito-idp.{self.pool.region}.amazonaws.com/{self.pool.id}"
        return {"Arn": self.pool.arn, "ProviderName": provider, "ProviderURL": f"https://{provider}", "UserPoolId": self.pool.id}[attribute_name]

    def delete(self, account_id, region_name):
        backend = cognito.cognitoidp_backends[account_id][region_name]
        if self.pool.id in backend.user_pools:
            backend.delete_user_pool(self.pool.id)


class CfnUserPoolClient(CloudFormationModel):
    __module__ = "moto.cognitoidp.models"

    def __init__(self, pool_id, client_id):
        self.pool_id = pool_id
        self.physical_resource_id = client_id

    @staticmethod
    def cloudformation_name_type():
        return "ClientName"

    @staticmethod
    def cloudformation_type():
        return "AWS::Cognito::UserPoolClient"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = dict(cloudformation_json["Properties"])
        pool_id = p.pop("UserPoolId")
        p.setdefault("ClientName", resource_name)
        client = cognito.cognitoidp_backends[account_id][region_name].create_user_pool_client(pool_id, bool(p.pop("GenerateSecret", False)), p)
        return cls(pool_id, client.id)

    def delete(self, account_id, region_name):
        pool = cognito.cognitoidp_backends[account_id][region_name].user_pools.get(self.pool_id)
        if pool is not None:  # deleting the pool took its clients with it
            pool.clients.pop(self.physical_resource_id, None)


# 10. AWS::Lambda::Url ------------------------------------------------------------------------------
class CfnFunctionUrl(CloudFormationModel):
    __module__ = "moto.awslambda.models"

    def __init__(self, function_arn, url):
        self.function_arn = function_arn
        self.url = url
        self.physical_resource_id = function_arn

    @staticmethod
    def cloudformation_name_type():
        return ""

    @staticmethod
    def cloudformation_type():
        return "AWS::Lambda::Url"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = cloudformation_json["Properties"]
        config = {k: p[k] for k in ("AuthType", "Cors", "InvokeMode") if k in p}
        backend = awslambda.lambda_backends[account_id][region_name]
        if p.get("Qualifier"):  # a URL on an alias (Calix's `live`): moto has no qualified URLs
            created = create_qualified_url(backend, p["TargetFunctionArn"], p["Qualifier"], config)
        else:
            created = backend.create_function_url_config(p["TargetFunctionArn"], config)
        cfn_url = cls(p["TargetFunctionArn"], created.url)
        cfn_url.qualifier = p.get("Qualifier")
        return cfn_url

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr in ("FunctionUrl", "FunctionArn")

    def get_cfn_attribute(self, attribute_name):
        return {"FunctionUrl": self.url, "FunctionArn": self.function_arn}[attribute_name]

    def delete(self, account_id, region_name):
        backend = awslambda.lambda_backends[account_id][region_name]
        try:
            if getattr(self, "qualifier", None):
                QUALIFIED_URLS.pop(qualified_url_key(backend, self.function_arn, self.qualifier), None)
            else:
                backend.delete_function_url_config(self.function_arn)
        except ServiceException:  # the function (and its URL) is already gone
            pass


# A URL on an alias or version (`Qualifier`), which moto 5.2.1 does not implement (its URL
# configuration hangs on the unqualified function): kept here by (unqualified ARN, qualifier),
# answered by Get/DeleteFunctionUrlConfig with `?Qualifier=`, its FunctionArn the qualified ARN.
QUALIFIED_URLS = {}


def qualified_url_key(backend, name_or_arn, qualifier):
    backend.get_function(name_or_arn, qualifier)  # the alias or version must exist (ResourceNotFound otherwise)
    return (backend._lambdas.get_function_by_name_or_arn_forbid_qualifier(name_or_arn).function_arn, qualifier)


def create_qualified_url(backend, name_or_arn, qualifier, config):
    key = qualified_url_key(backend, name_or_arn, qualifier)
    url = awslambda.FunctionUrlConfig(function=backend._lambdas.get_function_by_name_or_arn_forbid_qualifier(name_or_arn), config=config)
    url.qualified_arn = f"{key[0]}:{qualifier}"
    QUALIFIED_URLS[key] = url
    return url


_url_to_dict = awslambda.FunctionUrlConfig.to_dict
awslambda.FunctionUrlConfig.to_dict = lambda self: {**_url_to_dict(self), **({"FunctionArn": self.qualified_arn} if getattr(self, "qualified_arn", None) else {})}
_get_function_url_config_response = lambda_responses.LambdaResponse.get_function_url_config
_delete_function_url_config_response = lambda_responses.LambdaResponse.delete_function_url_config


def qualified_url_request(self):
    qualifier = self.querystring.get("Qualifier", [None])[0]
    if not qualifier:
        return None, None
    key = qualified_url_key(self.backend, unquote(self.path.split("/")[-2]), qualifier)
    if key not in QUALIFIED_URLS:
        raise awslambda.UnknownFunctionException(arn=f"{key[0]}:{qualifier}")  # ResourceNotFoundException, as Lambda answers
    return key, QUALIFIED_URLS[key]


def get_function_url_config_response(self):
    key, url = qualified_url_request(self)
    if key is None:
        return _get_function_url_config_response(self)
    return 200, {"status": 200}, json.dumps(url.to_dict())


def delete_function_url_config_response(self):
    key, _ = qualified_url_request(self)
    if key is None:
        return _delete_function_url_config_response(self)
    del QUALIFIED_URLS[key]
    return 204, {"status": 204}, "{}"


lambda_responses.LambdaResponse.get_function_url_config = get_function_url_config_response
lambda_responses.LambdaResponse.delete_function_url_config = delete_function_url_config_response


# 6. Rollback ------------------------------------------------------------------------------------
failed = {}  # the resource whose create/update raised first during the current execution


def recording(fn, status):
    def wrapper(logical_id, resource_json, resources_map, account_id, region_name):
        try:
            return fn(logical_id, resource_json, resources_map, account_id, region_name)
        except Exception as e:
            if failed.get("error") is not e:  # a resource that Refs a failing one re-raises its error
                failed.update(error=e, logical_id=logical_id, type=resource_json.get("Type"), status=status)
            raise
    return wrapper


for name, status in RECORDED.items():
    setattr(parsing, name, recording(getattr(parsing, name), status))


def reason_of(e):
    message = getattr(e, "message", None) or str(e) or type(e).__name__
    code = getattr(e, "error_type", None) or getattr(e, "code", None)
    return f"Resource handler returned message: \"{message}\"" + (f" (HandlerErrorCode: {code})" if isinstance(code, str) else "")


def roll_back(stack, change_set_type, previous, error):
    if "logical_id" in failed:
        stack.events.append(cfn.Event(
            stack_id=stack.stack_id, stack_name=stack.name, logical_resource_id=failed["logical_id"],
            physical_resource_id="", resource_type=failed["type"], resource_status=failed["status"],
            resource_status_reason=reason_of(failed["error"]), resource_properties=None,
        ))
        why = f"The following resource(s) failed to {'create' if change_set_type == 'CREATE' else 'update'}: [{failed['logical_id']}]. "
    else:
        why = reason_of(error) + ". "
    prefix = "" if change_set_type == "CREATE" else "UPDATE_"
    stack._add_stack_event(f"{prefix}ROLLBACK_IN_PROGRESS", resource_status_reason=why + ("Rollback requested by user." if prefix else ""))
    try:
        if change_set_type == "CREATE":
            stack.resource_map.delete()  # what was created so far (Retain resources stay, as on AWS)
        else:
            template, parameters = previous
            stack.resource_map.update(template, parameters)
    except Exception as e:
        status = f"{prefix}ROLLBACK_FAILED"
        stack._add_stack_event(status, resource_status_reason=reason_of(e))
    else:
        status = f"{prefix}ROLLBACK_COMPLETE"
        stack._add_stack_event(status)
    stack.status = status
cfn.CloudFormationBackend.describe_change_set = describe_change_set
cfn.CloudFormationBackend.delete_change_set = delete_change_set


# 7. Lambda layers on create -----------------------------------------------------------------
_create_function_cfn = awslambda.LambdaFunction.create_from_cloudformation_json.__func__


def create_function_cfn(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    layers = cloudformation_json["Properties"].get("Layers") or []
    backend = awslambda.lambda_backends[account_id][region_name]
    if not all(backend.layers_versions_by_arn(arn) for arn in layers):
        raise UnknownLayerVersionException(layers)  # before creating anything, as CreateFunction does
    fn = _create_function_cfn(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    fn.layers = fn._get_layers_data(layers)
    return fn


awslambda.LambdaFunction.create_from_cloudformation_json = classmethod(create_function_cfn)


# 8. CloudTrail LookupEvents -------------------------------------------------------------------
def lookup_events(self):
    return '{"Events": []}'


cloudtrail.CloudTrailResponse.lookup_events = lookup_events


# 9. Lambda code runs under Node.js ------------------------------------------------------------
RUN_LAMBDA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "run-lambda.mjs")
AWS_SDK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "node_modules", "@aws-sdk")
CODE_DIRS = {}  # code SHA-256 -> unpacked directory, one per code version
ENDPOINT = {"url": "http://127.0.0.1:5000"}  # set from -H/-p below
_create_function_with_layers = awslambda.LambdaFunction.create_from_cloudformation_json.__func__
_invoke_lambda_in_docker = awslambda.LambdaFunction._invoke_lambda
_invoke_function = awslambda.LambdaFunction.invoke


def create_function_cfn_logging(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    fn = _create_function_with_layers(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    fn.calix_log_group = (cloudformation_json["Properties"].get("LoggingConfig") or {}).get("LogGroup")
    return fn


def code_dir(fn):
    d = CODE_DIRS.get(fn.code_sha_256)
    if d is None:
        # <tmp>/task holds the code; <tmp>/node_modules/@aws-sdk is the SDK the runtime provides.
        root = tempfile.mkdtemp(prefix="moto-lambda-")
        d = os.path.join(root, "task")
        zipfile.ZipFile(BytesIO(fn.code_bytes)).extractall(d)
        if os.path.isdir(AWS_SDK):
            os.makedirs(os.path.join(root, "node_modules"))
            os.symlink(os.path.realpath(AWS_SDK), os.path.join(root, "node_modules", "@aws-sdk"))
        CODE_DIRS[fn.code_sha_256] = d
    return d


def invoke_lambda_in_node(self, event=None):
    if not str(self.run_time).startswith("nodejs") or not self.code_bytes:
        return _invoke_lambda_in_docker(self, event)
    group = getattr(self, "calix_log_group", None) or self.logs_group_name
    env = {
        "PATH": os.environ.get("PATH", ""),
        **{k: str(v) for k, v in (self.environment_vars or {}).items()},
        "AWS_LAMBDA_FUNCTION_NAME": self.function_name,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(self.memory_size),
        "AWS_LAMBDA_FUNCTION_TIMEOUT": str(self.timeout),
        "AWS_LAMBDA_LOG_GROUP_NAME": group,
        "AWS_REGION": self.region,
        "AWS_DEFAULT_REGION": self.region,
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_ENDPOINT_URL": ENDPOINT["url"],
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    try:
        p = subprocess.run(["node", RUN_LAMBDA, code_dir(self), self.handler, self.function_name], input=json.dumps(event if event is not None else {}),
                           env=env, capture_output=True, text=True, timeout=int(self.timeout or 3) + 5)
        logs, result, failed = p.stderr, p.stdout.strip() or "null", p.returncode != 0
    except subprocess.TimeoutExpired:
        logs, result, failed = f"Task timed out after {self.timeout} seconds", '{"errorType":"Timeout"}', True
    self.logs_backend.ensure_log_group(group)
    stream = f"emulator/{os.urandom(8).hex()}"
    self.logs_backend.create_log_stream(group, stream)
    lines = logs.splitlines() or ["(no output)"]
    self.logs_backend.put_log_events(group, stream, [{"timestamp": awslambda.unix_time_millis(), "message": line} for line in lines])
    return result, failed, logs


def invoke_function(self, body, request_headers, response_headers):
    if request_headers.get("x-amz-invocation-type") == "Event" and str(self.run_time).startswith("nodejs"):
        event = json.loads(body) if body else {}
        threading.Thread(target=self._invoke_lambda, kwargs={"event": event}, daemon=True).start()
        return b""
    return _invoke_function(self, body, request_headers, response_headers)


_create_event_source_mapping = awslambda.LambdaBackend.create_event_source_mapping


def create_event_source_mapping(self, spec):
    # moto resolves a qualified FunctionName (`name:live`, an alias or version ARN) to the version
    # it names at creation and maps the queue to that version's ARN, so the mapping kept running
    # that version after the alias moved. Lambda keeps the qualified ARN (FunctionArn
    # `…:function:name:live`) and resolves the alias on every batch: so does this.
    esm = _create_event_source_mapping(self, spec)
    name = spec["FunctionName"]
    if name.startswith("arn:"):
        _, function_name, qualifier = self._lambdas.split_function_arn(name)
    else:
        function_name, _, qualifier = name.partition(":")
    if not qualifier or esm.function_arn.endswith(f":{qualifier}"):
        return esm
    qualified = f"{self._lambdas.get_function_by_name_forbid_qualifier(function_name).function_arn}:{qualifier}"
    for queue in sqs_models.sqs_backends[self.account_id][self.region_name].queues.values():
        if queue.lambda_event_source_mappings.get(esm.function_arn) is esm:
            del queue.lambda_event_source_mappings[esm.function_arn]
            queue.lambda_event_source_mappings[qualified] = esm
    esm.function_arn = qualified
    return esm


awslambda.LambdaFunction.create_from_cloudformation_json = classmethod(create_function_cfn_logging)
awslambda.LambdaFunction._invoke_lambda = invoke_lambda_in_node
awslambda.LambdaFunction.invoke = invoke_function
awslambda.LambdaBackend.create_event_source_mapping = create_event_source_mapping


# 11. AWS::ApiGatewayV2::Api ------------------------------------------------------------------
AUTHORIZER_TYPES = {"jwt": "JWT", "request": "REQUEST"}


def import_http_api_body(api, body):
    """moto's import (routes, integrations, CORS), then the authorizers and route authorization it skips."""
    stages = dict(api.stages)  # moto's import clears the API's stages; an update must keep them
    api.import_api(json.dumps(body), False)
    api.stages.update(stages)
    for integration in api.integrations.values():  # API Gateway answers the type upper-case (AWS_PROXY)
        if isinstance(integration.integration_type, str):
            integration.integration_type = integration.integration_type.upper()
    schemes = (body.get("components") or {}).get("securitySchemes") or {}
    authorizers = {}
    for name, scheme in schemes.items():
        a = scheme.get("x-amazon-apigateway-authorizer")
        if a:
            jwt = a.get("jwtConfiguration")
            authorizers[name] = api.create_authorizer(
                auth_creds_arn=a.get("authorizerCredentials"), auth_payload_format_version=a.get("authorizerPayloadFormatVersion"),
                auth_result_ttl=a.get("authorizerResultTtlInSeconds"), authorizer_type=AUTHORIZER_TYPES.get(a.get("type"), a.get("type")),
                authorizer_uri=a.get("authorizerUri"), enable_simple_response=a.get("enableSimpleResponses"),
                identity_source=[x.strip() for x in a["identitySource"].split(",")] if isinstance(a.get("identitySource"), str) else a.get("identitySource"),
                identity_validation_expr=None,
                jwt_config={"issuer": jwt.get("issuer"), "audience": jwt.get("audience")} if jwt else None, name=name,
            )
    by_key = {r.route_key: r for r in api.routes.values()}
    for path, item in (body.get("paths") or {}).items():
        for method, op in item.items():
            route = by_key.get(f"{method.upper()} {path}")
            if route is None or not isinstance(op, dict) or not op.get("security"):
                continue
            (name, scopes), = op["security"][0].items()
            scheme = schemes.get(name, {})
            if scheme.get("x-amazon-apigateway-authtype") == "awsSigv4":
                route.authorization_type = "AWS_IAM"
            elif name in authorizers:
                route.authorization_type = "JWT" if authorizers[name].authorizer_type == "JWT" else "CUSTOM"
                route.authorizer_id = authorizers[name].id
                route.authorization_scopes = list(scopes)


class CfnHttpApi(CloudFormationModel):
    __module__ = "moto.apigatewayv2.models"  # moto's model registry keys models by their module

    def __init__(self, api):
        self.api = api
        self.physical_resource_id = api.api_id

    @staticmethod
    def cloudformation_name_type():
        return "Name"

    @staticmethod
    def cloudformation_type():
        return "AWS::ApiGatewayV2::Api"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = cloudformation_json["Properties"]
        body = p.get("Body")
        info = (body or {}).get("info") or {}
        api = apigwv2.apigatewayv2_backends[account_id][region_name].create_api(
            api_key_selection_expression=None, cors_configuration=p.get("CorsConfiguration"),
            description=p.get("Description", info.get("description")), disable_schema_validation=None,
            disable_execute_api_endpoint=p.get("DisableExecuteApiEndpoint"), name=p.get("Name", info.get("title", resource_name)),
            protocol_type=p.get("ProtocolType", "HTTP"), route_selection_expression=None, tags=p.get("Tags"), version=None,
        )
        if isinstance(body, dict):
            import_http_api_body(api, body)
        return cls(api)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
        body = cloudformation_json["Properties"].get("Body")
        if isinstance(body, dict):
            import_http_api_body(original_resource.api, body)
        return original_resource

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr in ("ApiEndpoint", "ApiId")

    def get_cfn_attribute(self, attribute_name):
        return {"ApiEndpoint": self.api.api_endpoint, "ApiId": self.api.api_id}[attribute_name]

    def delete(self, account_id, region_name):
        apigwv2.apigatewayv2_backends[account_id][region_name].delete_api(self.api.api_id)


# 12. AWS::ApiGatewayV2::Stage ---------------------------------------------------------------
class CfnHttpApiStage(CloudFormationModel):
    __module__ = "moto.apigatewayv2.models"

    def __init__(self, api_id, stage_name):
        self.api_id = api_id
        self.physical_resource_id = stage_name  # Ref of AWS::ApiGatewayV2::Stage is the stage name

    @staticmethod
    def cloudformation_name_type():
        return "StageName"

    @staticmethod
    def cloudformation_type():
        return "AWS::ApiGatewayV2::Stage"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = cloudformation_json["Properties"]
        logs = p.get("AccessLogSettings")
        config = {
            "stageName": p["StageName"], "autoDeploy": p.get("AutoDeploy"), "description": p.get("Description"),
            "stageVariables": p.get("StageVariables") or {}, "tags": p.get("Tags") or {},
            **({"accessLogSettings": {"destinationArn": logs.get("DestinationArn"), "format": logs.get("Format")}} if logs else {}),
        }
        apigwv2.apigatewayv2_backends[account_id][region_name].get_api(p["ApiId"]).create_stage(config)
        return cls(p["ApiId"], p["StageName"])

    def delete(self, account_id, region_name):
        api = apigwv2.apigatewayv2_backends[account_id][region_name].apis.get(self.api_id)
        if api is not None:  # the API may already be gone with its stages
            api.delete_stage(self.physical_resource_id)


# 13. AWS::Lambda::Version ---------------------------------------------------------------------
if hasattr(awslambda.LambdaVersion, "physical_resource_id") or "AWS::Lambda::Alias" in parsing.get_model_map():
    fail("moto.awslambda.models.LambdaVersion has a physical_resource_id now, or AWS::Lambda::Alias has a model (the native ones may do)")
_publish_version = awslambda.LambdaStorage.publish_version
highest_version = {}  # unqualified function ARN -> the highest version number it ever had


UNVERSIONED = {"Description", "FunctionArn", "LastModified", "Version", "RevisionId", "LastUpdateStatus", "State"}


def same_release(a, b):
    # Lambda publishes nothing when code and configuration are unchanged since the last version.
    strip = lambda c: {k: v for k, v in c.items() if k not in UNVERSIONED}
    return strip(a.get_configuration()) == strip(b.get_configuration())


def publish_version(self, name_or_arn, description=""):
    function = self.get_function_by_name_or_arn_forbid_qualifier(name_or_arn)
    before = list(self._functions[function.function_name]["versions"])
    if before and same_release(before[-1], function):
        function.code_or_config_updated = False
        return before[-1]  # moto asks a flag any update sets, even one that changed nothing
    fn = _publish_version(self, name_or_arn, description)
    if fn is None or any(fn is v for v in before):
        return fn  # nothing published: moto returned the latest version (code and config unchanged)
    key = function.function_arn
    high = max([highest_version.get(key, 0)] + [int(v.version) for v in before])
    if int(fn.version) <= high:
        fn.set_version(high + 1)  # moto counted len(versions) + 1: a number deleted or still in use
        self._arns[fn.function_arn] = fn
        for v in before:
            self._arns[v.function_arn] = v  # the colliding number's ARN mapping, restored
    highest_version[key] = int(fn.version)
    fn.code = dict(fn.code)  # moto's shallow copy shared $LATEST's code dict: a later code update rewrote the version's
    return fn


awslambda.LambdaStorage.publish_version = publish_version


def apply_function_first(function_name, account_id, region_name, stack_id):
    # moto updates a stack in the order remove, add, modify: a new version would be published
    # before its function's new code (Lambda then returns the old version). CloudFormation
    # follows the Ref instead: the function is updated first. So update it first here.
    stack = cfn.cloudformation_backends[account_id][region_name].stacks.get(stack_id)
    if stack is None:
        return
    rmap = stack.resource_map
    for logical_id, res in list(rmap._parsed_resources.items()):
        if isinstance(res, awslambda.LambdaFunction) and res.function_name == function_name and logical_id in rmap._resource_json_map:
            rmap._parsed_resources[logical_id] = parsing.parse_and_update_resource(logical_id, rmap._resource_json_map[logical_id], rmap, account_id, region_name)


def create_version_cfn(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    p = cloudformation_json["Properties"]
    apply_function_first(p["FunctionName"], account_id, region_name, kwargs.get("StackId"))
    backend = awslambda.lambda_backends[account_id][region_name]
    function = backend.get_function(p["FunctionName"])
    before = list(backend._lambdas._functions[function.function_name]["versions"])
    fn = backend.publish_version(p["FunctionName"], p.get("Description", ""))
    if any(fn is v for v in before):
        # Lambda answered with the last version (nothing changed since it): CloudFormation's
        # handler fails the resource (AlreadyExists), as after a hotswap of the same code.
        raise ValueError(f"Version already exists: [{fn.function_arn}]. Please modify the function to create a new version. (Service: Lambda, Status Code: 409)")
    version = cls({"Version": fn.version})
    version.function_arn = fn.function_arn  # the qualified ARN: the version's Ref
    version.unqualified_arn = fn.function_arn.rsplit(":", 1)[0]
    return version


def update_version_cfn(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
    # Every property of AWS::Lambda::Version but ProvisionedConcurrencyConfig requires replacement.
    return create_version_cfn(cls, new_resource_name, cloudformation_json, account_id, region_name)


awslambda.LambdaVersion.create_from_cloudformation_json = classmethod(create_version_cfn)
awslambda.LambdaVersion.update_from_cloudformation_json = classmethod(update_version_cfn)
awslambda.LambdaVersion.physical_resource_id = property(lambda self: self.function_arn)
awslambda.LambdaVersion.has_cfn_attr = classmethod(lambda cls, attr: attr in ("Version", "FunctionArn"))
awslambda.LambdaVersion.get_cfn_attribute = lambda self, attr: {"Version": str(self.version), "FunctionArn": self.unqualified_arn}[attr]
awslambda.LambdaVersion.delete = lambda self, account_id, region_name: None  # retained, as Calix's templates say


# 14. AWS::Lambda::Alias -----------------------------------------------------------------------
class CfnLambdaAlias(CloudFormationModel):
    __module__ = "moto.awslambda.models"

    def __init__(self, alias, function_name):
        self.alias = alias
        self.function_name = function_name
        self.physical_resource_id = alias.arn  # Ref of AWS::Lambda::Alias is the alias ARN

    @staticmethod
    def cloudformation_name_type():
        return "Name"

    @staticmethod
    def cloudformation_type():
        return "AWS::Lambda::Alias"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = cloudformation_json["Properties"]
        backend = awslambda.lambda_backends[account_id][region_name]
        name = backend.get_function(p["FunctionName"]).function_name
        alias = backend.create_alias(p["Name"], name, str(p["FunctionVersion"]), p.get("Description", ""), p.get("RoutingConfig"))
        return cls(alias, name)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
        p = cloudformation_json["Properties"]
        backend = awslambda.lambda_backends[account_id][region_name]
        name = backend.get_function(p["FunctionName"]).function_name
        if name != original_resource.function_name or p["Name"] != original_resource.alias.name:
            original_resource.delete(account_id, region_name)  # Name and FunctionName: replacement
            return cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)
        alias = backend.update_alias(p["Name"], name, str(p["FunctionVersion"]), p.get("Description", ""), p.get("RoutingConfig"))
        return cls(alias, name)

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr in ("AliasArn",)

    def get_cfn_attribute(self, attribute_name):
        return {"AliasArn": self.alias.arn}[attribute_name]

    def delete(self, account_id, region_name):
        try:
            awslambda.lambda_backends[account_id][region_name].delete_alias(self.alias.name, self.function_name)
        except Exception:  # the function (and its aliases) may be gone already
            pass


for cached in (parsing.get_model_list, parsing.get_model_map, parsing.get_name_type_map):
    cached.cache_clear()  # the model lists were computed from CloudFormationModel.__subclasses__()
for model in (CfnApiGatewayStage, CfnUserPool, CfnUserPoolClient, CfnFunctionUrl, CfnHttpApi, CfnHttpApiStage, CfnLambdaAlias):
    if parsing.get_model_map().get(model.cloudformation_type()) is not model:
        fail(f"the {model.cloudformation_type()} model did not register with moto.cloudformation.parsing")

if __name__ == "__main__":
    args = sys.argv[1:]
    host = args[args.index("-H") + 1] if "-H" in args else "127.0.0.1"
    port = args[args.index("-p") + 1] if "-p" in args else "5000"
    ENDPOINT["url"] = f"http://{host}:{port}"
    server_main(args)
