/**
 * Security: SMART on FHIR. Every {@code /fhir} request but discovery carries a bearer token, from
 * the embedded authorization server or a configured external identity provider, and its scopes
 * confine what the request may see and change: a {@code patient/} token to that patient's
 * compartment, a case manager's {@code user/} token to their caseload.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Security")
package org.careplanfhir.server.security;
