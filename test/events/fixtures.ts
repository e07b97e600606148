// Hand-written AWS events, field for field the shapes of aws-lambda-go's events/testdata
// (s3-event.json, sqs-event.json, sns-event.json, the scheduled event of cloudwatch_events_test.go),
// independent of the test client's builders so the dispatcher is checked against AWS, not itself.
import type { LambdaContext } from '../../src/index.js';

export const s3Record = (key: string, extra: { bucket?: string; eventName?: string; size?: number } = {}) => ({
  eventVersion: '2.1',
  eventSource: 'aws:s3',
  awsRegion: 'us-east-1',
  eventTime: '2024-07-01T10:20:30.123Z',
  eventName: extra.eventName ?? 'ObjectCreated:Put',
  userIdentity: { principalId: 'EXAMPLE' },
  requestParameters: { sourceIPAddress: '127.0.0.1' },
  responseElements: { 'x-amz-request-id': 'C3D13FE58DE4C810', 'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD' },
  s3: {
    s3SchemaVersion: '1.0',
    configurationId: 'testConfigRule',
    bucket: { name: extra.bucket ?? 'photo-uploads', ownerIdentity: { principalId: 'EXAMPLE' }, arn: `arn:aws:s3:::${extra.bucket ?? 'photo-uploads'}` },
    object: { key, size: extra.size ?? 1024, eTag: 'd41d8cd98f00b204e9800998ecf8427e', sequencer: '0A1B2C3D4E5F678901' },
  },
});

export const sqsRecord = (messageId: string, body: string, queueArn = 'arn:aws:sqs:us-west-2:123456789012:orders') => ({
  messageId,
  receiptHandle: 'MessageReceiptHandle',
  body,
  md5OfBody: 'fce0ea8dd236ccb3ed9b37dae260836f',
  md5OfMessageAttributes: '582c92c5c5b6ac403040a4f3ab3115c9',
  eventSourceARN: queueArn,
  eventSource: 'aws:sqs',
  awsRegion: 'us-west-2',
  attributes: { ApproximateReceiveCount: '2', SentTimestamp: '1520621625029', SenderId: 'AROAIWPX5BD2BHG722MW4:sender', ApproximateFirstReceiveTimestamp: '1520621634884' },
  messageAttributes: { tenant: { stringValue: 'acme', stringListValues: [], binaryListValues: [], dataType: 'String' } },
});

export const snsEvent = (message: string, subject: string | null = 'TestInvoke') => ({
  Records: [
    {
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:alerts:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55',
      EventSource: 'aws:sns',
      Sns: {
        Signature: 'EXAMPLE',
        MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
        Type: 'Notification',
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
        MessageAttributes: { Test: { Type: 'String', Value: 'TestString' }, TestBinary: { Type: 'Binary', Value: 'TestBinary' } },
        SignatureVersion: '1',
        Timestamp: '2015-06-03T17:43:27.123Z',
        SigningCertUrl: 'EXAMPLE',
        Message: message,
        UnsubscribeUrl: 'EXAMPLE',
        Subject: subject,
      },
    },
  ],
});

export const scheduledEvent = () => ({
  version: '0',
  id: '890abcde-f123-4567-890a-bcdef1234567',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2016-12-30T18:44:49Z',
  region: 'us-east-1',
  resources: ['arn:aws:events:us-east-1:123456789012:rule/SampleRule'],
  detail: {},
});

export const customEvent = (detail: unknown = { orderId: 'o-1', total: 42 }) => ({
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'OrderPlaced',
  source: 'shop.orders',
  account: '123456789012',
  time: '2024-07-01T10:20:30Z',
  region: 'us-east-1',
  resources: [],
  detail,
});

export const apiEvent = (path: string) => ({
  resource: path,
  path,
  httpMethod: 'GET',
  headers: null,
  multiValueHeaders: null,
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  pathParameters: null,
  stageVariables: null,
  requestContext: { resourcePath: path, httpMethod: 'GET', path: `/dev${path}`, stage: 'dev', requestId: 'r-1' },
  body: null,
  isBase64Encoded: false,
});

export const context = (functionName = 'events-dev-worker'): LambdaContext => ({
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
  memoryLimitInMB: '512',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: '2024/07/01/[$LATEST]abc',
  getRemainingTimeInMillis: () => 12345,
});
