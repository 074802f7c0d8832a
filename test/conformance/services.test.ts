// The CDS Hooks 2.0.1 conformance suite for what the services answer: discovery, every card for
// every synthetic patient, and feedback. One process for all three (each suite still starts its
// own app): the app and FHIR definitions load once, which keeps the suite to seconds.
import './discovery.suite.js';
import './responses.suite.js';
import './feedback.suite.js';
