// The CDS Hooks 2.0.1 conformance suite for what the service trusts and fetches: prefetch and the
// EHR's FHIR server (with its bearer token), and the JWT every call must carry. One process for
// both suites, so the app and FHIR definitions load once.
import './prefetch.suite.js';
import './jwt.suite.js';
