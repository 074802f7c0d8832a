// The spec statements this suite tests, one test each. Quotes are verbatim (after normalise() in
// spec-statements.ts): coverage.test.ts checks each occurs in the spec, that every SHALL / MUST /
// REQUIRED statement is matched by a quote here or in skip-list.md, and that every key is used.

export interface Statement {
  section: string;
  /** Verbatim quotes; the first names the test. */
  quotes: readonly [string, ...string[]];
}

const JSON_USE = 'Use of JSON';
const DISCOVERY = 'Discovery › Response';
const CARD = 'CDS Service Response › Card Attributes';
const PREFETCH = 'Providing FHIR Resources to a CDS Service › Prefetch Template';
const ACCESS = 'Providing FHIR Resources to a CDS Service › FHIR Resource Access';
const TRUST = 'Security and Safety › Trusting CDS Clients';
const ALG = 'Trusting CDS Clients › JWT Signing Algorithm';

export const S = {
  // Use of JSON
  jsonFormat: {
    section: JSON_USE,
    quotes: [
      'All data exchanged through production RESTful APIs MUST be sent and received as JSON',
    ],
  },
  jsonNotNull: {
    section: JSON_USE,
    quotes: [
      'JSON elements SHALL NOT be null, unless otherwise specified.',
      'Unless otherwise specified, JSON attribute values SHALL NOT be null or empty',
    ],
  },
  jsonNotEmpty: {
    section: JSON_USE,
    quotes: [
      'JSON elements SHALL NOT be empty, unless otherwise specified',
      'so null, "", [], or {} are prohibited.',
    ],
  },
  jsonOmitOptional: {
    section: JSON_USE,
    quotes: [
      'If a JSON attribute is defined as OPTIONAL, and does not have a value, implementers MUST omit it.',
      'If a JSON attribute is defined with as OPTIONAL, and does not have a value, implementers SHALL omit it.',
    ],
  },
  // Discovery
  discoveryAvailable: {
    section: 'Discovery › HTTP Request',
    quotes: ['The Discovery endpoint SHALL always be available at {baseUrl}/cds-services.'],
  },
  discoveryObject: {
    section: DISCOVERY,
    quotes: [
      'The response to the discovery endpoint SHALL be an object containing a list of CDS Services.',
    ],
  },
  serviceDescribed: {
    section: DISCOVERY,
    quotes: ['Each CDS Service SHALL be described by the following attributes.'],
  },
  serviceHook: {
    section: DISCOVERY,
    quotes: ['hook| REQUIRED | string | The hook this service should be invoked on.'],
  },
  serviceDescription: {
    section: DISCOVERY,
    quotes: ['description| REQUIRED | string | The description of this service.'],
  },
  serviceId: {
    section: DISCOVERY,
    quotes: [
      'id | REQUIRED | string | The {id} portion of the URL to this service which is available at {baseUrl}/cds-services/{id}',
    ],
  },
  tokensDelimited: {
    section: 'Prefetch Template › Prefetch tokens',
    quotes: [
      'Prefetch tokens MUST be delimited by {{ and }}, and MUST contain only the qualified path to a hook context field or one of the following user identifiers',
    ],
  },
  tokenNames: {
    section: 'Prefetch Template › Example prefetch token',
    quotes: [
      'When context fields are used as tokens, their token name MUST be context.name-of-the-field.',
      'Only root-level fields with a primitive value within the context object are eligible to be used as prefetch tokens.',
    ],
  },
  querySubset: {
    section: 'Prefetch Template › Prefetch query restrictions',
    quotes: ['When using this subset, valid prefetch templates MUST only make use of:'],
  },
  hookNames: {
    section: 'Hooks › Hook name is expressed as noun-verb',
    quotes: [
      'Hook creators SHALL name their hook with reverse domain notation (e.g. org.example.patient-transmogrify) if the hook is specific to an organization.',
    ],
  },
  // CDS Service Response
  success200: {
    section: 'CDS Service Response',
    quotes: [
      'For successful responses, CDS Services SHALL respond with a 200 HTTP response with an object containing a cards array',
    ],
  },
  cardsRequired: {
    section: 'CDS Service Response › HTTP Response',
    quotes: ['cards | REQUIRED | array of Cards | An array of Cards.'],
  },
  noDecisionSupport: {
    section: 'CDS Service Response › HTTP Response',
    quotes: [
      'If your CDS Service has no decision support for the user, your service should return a 200 HTTP response with an empty array of cards',
    ],
  },
  cardModel: {
    section: CARD,
    quotes: ['Each Card is described by the following attributes.'],
  },
  summary: {
    section: CARD,
    quotes: [
      'summary | REQUIRED | string | One-sentence, <140-character summary message for display to the user inside of this card.',
    ],
  },
  detailMarkdown: {
    section: CARD,
    quotes: ['if provided MUST be represented in (GitHub Flavored) Markdown.'],
  },
  indicator: {
    section: CARD,
    quotes: [
      'indicator | REQUIRED | string | Urgency/importance of what this card conveys. Allowed values, in order of increasing urgency, are: info, warning, critical.',
    ],
  },
  source: {
    section: CARD,
    quotes: ['source | REQUIRED | object | Grouping structure for the Source of the information'],
  },
  sourceLabel: {
    section: 'Card Attributes › Source',
    quotes: ['label| REQUIRED | string | A short, human-readable label to display for the source'],
  },
  sourceUrlLoads: {
    section: 'Card Attributes › Source',
    quotes: [
      'An optional absolute URL to load (via GET, in a browser context) when a user clicks on this link to learn more about the organization or data set that provided the information on this card.',
    ],
  },
  selectionBehaviorRequired: {
    section: CARD,
    quotes: ['If suggestions are present, selectionBehavior MUST also be provided.'],
  },
  selectionBehaviorValues: {
    section: CARD,
    quotes: [
      'selectionBehavior | CONDITIONAL | string | Describes the intended selection behavior of the suggestions in the card. Allowed values are: at-most-one',
    ],
  },
  overrideReasonDisplay: {
    section: CARD,
    quotes: [
      "If override reasons are present, the CDS Service MUST populate a display value for each reason's Coding.",
      'CDS Services MUST provide a human readable text in the display property',
      'REQUIRED for Override Reasons provided by the CDS Service',
    ],
  },
  suggestionLabel: {
    section: 'Card Attributes › Suggestion',
    quotes: ['label | REQUIRED | string | Human-readable label to display for this suggestion'],
  },
  actionType: {
    section: 'Card Attributes › Action',
    quotes: [
      'type | REQUIRED | string | The type of action being performed. Allowed values are: create, update, delete.',
    ],
  },
  actionDescription: {
    section: 'Card Attributes › Action',
    quotes: [
      'description | REQUIRED | string | Human-readable description of the suggested action',
    ],
  },
  actionResource: {
    section: 'Card Attributes › Action',
    quotes: [
      'When the type attribute is create, the resource attribute SHALL contain a new FHIR resource to be created. For update, this holds the updated resource in its entirety and not just the changed fields.',
    ],
  },
  linkLabel: {
    section: 'Card Attributes › Link',
    quotes: ['label| REQUIRED | string | Human-readable label to display for this link'],
  },
  linkUrl: {
    section: 'Card Attributes › Link',
    quotes: ['url | REQUIRED | URL | URL to load (via GET, in a browser context)'],
  },
  linkType: {
    section: 'Card Attributes › Link',
    quotes: ['type | REQUIRED | string | The type of the given URL.'],
  },
  codingCode: {
    section: 'Data Types › Coding',
    quotes: ['code | REQUIRED | string | The code for what is being represented'],
  },
  codingSystem: {
    section: 'Data Types › Coding',
    quotes: ['system | REQUIRED | string | The codesystem for this code.'],
  },
  extensionObject: {
    section: 'Extensions',
    quotes: ['The value of an extension element MUST be a pre-coordinated JSON object.'],
  },
  // Prefetch and FHIR access
  fetchOmitted: {
    section: PREFETCH,
    quotes: [
      'CDS Clients MUST omit the prefetch key if relevant details cannot be provided',
      "It is the CDS Service's responsibility to check prefetched data against its template to determine what requests were satisfied (if any) and to programmatically retrieve any additional necessary data.",
    ],
  },
  nullNoData: {
    section: PREFETCH,
    quotes: [
      'If the CDS Client has no data to populate a template prefetch key, the prefetch template key MUST have a value of null.',
    ],
  },
  operationOutcomeNoRefetch: {
    section: PREFETCH,
    quotes: [
      'OperationOutcome(s) SHOULD be used to communicate those errors to prevent the CDS Service from incurring an unneeded follow-up query.',
    ],
  },
  status412: {
    section: PREFETCH,
    quotes: [
      'If the CDS Service is unable to obtain required data because it cannot access the FHIR server and the request did not contain the necessary prefetch keys, the service SHALL respond with an HTTP 412 Precondition Failed status code.',
    ],
  },
  paginatedPrefetch: {
    section: PREFETCH,
    quotes: [
      'The intent of allowing pagination is to ensure that prefetch queries that may be too large for a single payload can still be retrieved by the service.',
    ],
  },
  accessTokenPresented: {
    section: ACCESS,
    quotes: [
      'CDS Hooks requires that CDS Services present a valid access token to the FHIR server with each API call.',
      'the CDS Hooks workflow MUST accommodate the automated, low-latency delivery of an access token to the CDS service.',
    ],
  },
  accessTokenTransient: {
    section: 'FHIR Resource Access › Passing the Access Token to the CDS Service',
    quotes: ['the access token MUST be treated as a transient value by the CDS Service.'],
  },
  // Trusting CDS Clients (JWT)
  bearerRequired: {
    section: TRUST,
    quotes: [
      'the request MUST include an Authorization header presenting the JWT as a "Bearer" token',
      'Note that this is for every single CDS Service call, whether that be a Discovery call, a single CDS Service invocation, or multiple exchanges relating to a single service.',
    ],
  },
  signed: {
    section: TRUST,
    quotes: ['The CDS Client MUST use its private key to digitally sign the JWT'],
  },
  claimIss: {
    section: TRUST,
    quotes: ['iss | REQUIRED | string | The URI of the issuer of this JWT.'],
  },
  claimAud: { section: TRUST, quotes: ['aud | REQUIRED | string or array of string'] },
  claimExp: { section: TRUST, quotes: ['exp | REQUIRED | number | Expiration time integer'] },
  claimIat: {
    section: TRUST,
    quotes: ['iat | REQUIRED | number | The time at which this JWT was issued'],
  },
  claimJti: {
    section: TRUST,
    quotes: [
      'jti | REQUIRED | string | A nonce string value that uniquely identifies this authentication JWT (used to protect against replay attacks).',
    ],
  },
  audIsEndpoint: {
    section: TRUST,
    quotes: [
      'For CDS Hooks, this value MUST be the URL of the CDS Service endpoint being invoked.',
      'the aud value is either a string or an array of strings.',
    ],
  },
  jwksOutOfBand: {
    section: TRUST,
    quotes: [
      'If the jku header field is ommitted, the CDS Client and CDS Service SHALL communicate the JWK Set out-of-band.',
    ],
  },
  algNone: { section: ALG, quotes: ['JWTs SHALL NOT be signed using the none algorithm'] },
  algSymmetric: {
    section: ALG,
    quotes: [
      'JWTs SHALL NOT be signed using any symmetric algorithm',
      'all HMAC based algorithms rely upon a shared private key and thus SHALL NOT be used to sign a JWT.',
    ],
  },
  // Feedback
  cardUuidForFeedback: {
    section: CARD,
    quotes: ["SHALL be included in any subsequent calls to the CDS service's feedback endpoint."],
  },
  feedbackAccepted: {
    section: 'Feedback › Suggestion accepted',
    quotes: [
      "the CDS Client informs the service by posting the card and suggestion uuids to the CDS Service's feedback endpoint with an outcome of accepted.",
      'id | REQUIRED | string | The card.suggestion.uuid from the CDS Hooks response.',
    ],
  },
  feedbackOverridden: {
    section: 'Feedback › Overridden guidance',
    quotes: [
      'The CDS Client can inform the service when a card was dismissed by specifying an outcome of overridden without providing an overrideReason.',
    ],
  },
  feedbackOverrideReason: {
    section: 'Feedback › Explicit reject with override reasons',
    quotes: [
      "A CDS Client can inform the service when a card was rejected by POSTing an outcome of overridden along with an overrideReason to the service's feedback endpoint.",
    ],
  },
  feedbackRepeated: {
    section: 'Feedback › Suggestion accepted',
    quotes: ['a CDS Service may receive feedback for the same card instance multiple times.'],
  },
} as const satisfies Record<string, Statement>;

export type StatementKey = keyof typeof S;

/** A test name: the section and the (shortened) first quote. */
export function title(statement: Statement): string {
  const [quote] = statement.quotes;
  const short = quote.length > 110 ? `${quote.slice(0, 107)}…` : quote;
  return `§${statement.section}: “${short}”`;
}
