/**
 * Security: SMART on FHIR. Every {@code /fhir} request but discovery carries a bearer token, from
 * the embedded authorization server or a configured external identity provider, and its scopes
 * confine what the request may see and change: a {@code patient/} token to that patient's
 * compartment, a case manager's {@code user/} token to their caseload.
 * <p>
 * The security core is what protects the FHIR endpoint whoever issues the tokens; the embedded
 * authorization server is its own module. What each capability's operations and data paths require
 * is declared by that capability through the {@code policy} interface
 * ({@link org.careplanfhir.server.security.policy.AccessPolicy}); the core enforces it. The mode
 * (embedded, external provider, off) is chosen once, by one entry configuration per mode
 * ({@link org.careplanfhir.server.security.ConditionalOnSecurityMode}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Security",
		allowedDependencies = { "fhir", "web" })
package org.careplanfhir.server.security;
