/**
 * The landing page at {@code /}: what the server is, its version, the FHIR base, the SMART endpoints
 * and links to the CapabilityStatement, the profile documentation, the OpenAPI document and the
 * care-plan app. Rendered on the server, with nothing loaded from another site.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Home", allowedDependencies = { "security", "web" })
package org.careplanfhir.server.home;
