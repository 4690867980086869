/**
 * Amazon Web Services: REST-XML (S3), query (SQS, EC2) and JSON (DynamoDB) protocols.
 * @module
 */
import { type CorpusCase, corpusCase } from "./case.js";

export const awsCases: CorpusCase[] = [
  corpusCase({
    name: "s3-no-such-key",
    api: "Amazon S3",
    // docs.aws.amazon.com/AmazonS3/latest/dev/ErrorMessage.html ("The REST error response")
    source: "https://docs.aws.amazon.com/AmazonS3/latest/dev/ErrorMessage.html",
    status: 404,
    headers: { "content-type": "application/xml" },
    body: '<?xml version="1.0" encoding="UTF-8"?> <Error> <Code>NoSuchKey</Code> <Message>The resource you requested does not exist</Message> <Resource>/mybucket/myfoto.jpg</Resource> <RequestId>4442587FB7D0A2F9</RequestId> </Error>',
    expect: {
      format: "aws",
      code: "NoSuchKey",
      message: "The resource you requested does not exist",
      requestId: "4442587FB7D0A2F9",
    },
  }),
  corpusCase({
    name: "sqs-query-error",
    api: "Amazon SQS (query protocol)",
    // docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-api-responses.html ("XML error response structure")
    source:
      "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-api-responses.html",
    status: 400,
    headers: { "content-type": "text/xml" },
    body: "<ErrorResponse> <Error> <Type>Sender</Type> <Code>InvalidParameterValue</Code> <Message> Value (quename_nonalpha) for parameter QueueName is invalid. Must be an alphanumeric String of 1 to 80 in length. </Message> </Error> <RequestId>42d59b56-7407-4c4a-be0f-4c88daeea257</RequestId> </ErrorResponse>",
    expect: {
      format: "aws",
      code: "InvalidParameterValue",
      message:
        "Value (quename_nonalpha) for parameter QueueName is invalid. Must be an alphanumeric String of 1 to 80 in length.",
      requestId: "42d59b56-7407-4c4a-be0f-4c88daeea257",
    },
  }),
  corpusCase({
    name: "dynamodb-json-error",
    api: "Amazon DynamoDB (JSON 1.0 protocol)",
    // docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html ("Error components"), headers included
    source: "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html",
    status: 400,
    headers: {
      "x-amzn-RequestId": "LDM6CJP8RMQ1FHKSC1RBVJFPNVV4KQNSO5AEMF66Q9ASUAAJG",
      "Content-Type": "application/x-amz-json-1.0",
      "Content-Length": "240",
      Date: "Thu, 15 Mar 2012 23:56:23 GMT",
    },
    body: '{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",\n"message":"Requested resource not found: Table: tablename not found"}',
    expect: {
      format: "aws",
      code: "ResourceNotFoundException",
      message: "Requested resource not found: Table: tablename not found",
      requestId: "LDM6CJP8RMQ1FHKSC1RBVJFPNVV4KQNSO5AEMF66Q9ASUAAJG",
    },
  }),
  corpusCase({
    name: "ec2-query-error",
    api: "Amazon EC2 (query protocol)",
    // docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html ("Error response")
    source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html",
    status: 400,
    headers: { "content-type": "text/xml;charset=UTF-8" },
    body: `<?xml version="1.0" encoding="UTF-8"?>
<Response>
    <Errors>
         <Error>
           <Code>InvalidInstanceID.NotFound</Code>
           <Message>The instance ID 'i-1a2b3c4d' does not exist</Message>
         </Error>
    </Errors>
    <RequestID>ea966190-f9aa-478e-9ede-example</RequestID>
</Response>`,
    expect: {
      format: "aws",
      code: "InvalidInstanceID.NotFound",
      message: "The instance ID 'i-1a2b3c4d' does not exist",
      requestId: "ea966190-f9aa-478e-9ede-example",
    },
  }),
];
