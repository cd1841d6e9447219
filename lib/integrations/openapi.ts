/** The OpenAPI 3.1 document of Haven's inbound API, served at /api/v1/openapi.json. Pure data. */
import { MAX_BODY_BYTES } from './limits';

const error = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: error } },
});

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Haven inbound integrations API',
    version: '1.0.0',
    description:
      'Write-only: a monitoring or filtering product records a concern in a pupil’s chronology. Send requests to the school’s own Haven address (https://<school>.<domain>); a token works only there. Nothing in this API returns a record.',
  },
  servers: [{ url: '/api/v1' }],
  security: [{ bearer: [] }],
  paths: {
    '/concerns': {
      post: {
        operationId: 'createConcern',
        summary: 'Record a concern about one pupil',
        description: `Creates an incident in the pupil’s chronology in the integration’s category and alerts the staff and alert groups the school chose. The same \`reference\` again returns the first incident (200). The body is at most ${MAX_BODY_BYTES} bytes. The token goes in the Authorization header: a request with a token in the address is refused.`,
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Concern' } } },
        },
        responses: {
          '201': {
            description: 'The incident was created.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Created' } } },
          },
          '200': {
            description: 'This reference was already recorded: the first incident’s number.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Created' } } },
          },
          '400': errorResponse('Not JSON, a field missing or invalid, or a token in the address.'),
          '401': errorResponse('The token is missing, unknown, revoked, or another school’s.'),
          '413': errorResponse('The body is too large.'),
          '415': errorResponse('The body is not application/json.'),
          '422': errorResponse('No pupil of this school has that UPN or MIS id.'),
          '429': {
            ...errorResponse('Too many requests from this token.'),
            headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait.' } },
          },
        },
      },
    },
  },
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', description: 'The token shown once in Admin → Integrations (hvn_…).' },
    },
    schemas: {
      Concern: {
        type: 'object',
        additionalProperties: false,
        required: ['pupil', 'occurredAt', 'text', 'reference'],
        properties: {
          pupil: {
            type: 'object',
            additionalProperties: false,
            description: 'Exactly one of upn or misId.',
            properties: { upn: { type: 'string', maxLength: 40 }, misId: { type: 'string', maxLength: 100 } },
          },
          occurredAt: { type: 'string', format: 'date-time', description: 'When it happened, with its offset.' },
          text: { type: 'string', minLength: 1, maxLength: 20000 },
          severity: { type: 'string', enum: ['low', 'medium', 'high', 'critical'] },
          reference: { type: 'string', minLength: 1, maxLength: 200, description: 'Your own id of this concern.' },
        },
      },
      Created: {
        type: 'object',
        required: ['incident'],
        properties: { incident: { type: 'integer', description: 'The incident’s number in the school.' } },
      },
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: { type: 'string' },
          fields: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
        },
      },
    },
  },
} as const;
