/**
 * The FHIR R4 endpoint: HAPI's JPA server wired at {@code /fhir}, and the
 * {@link org.careplanfhir.server.fhir.FhirServerCustomizer} SPI through which other capabilities
 * plug into it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "FHIR endpoint",
		allowedDependencies = { "storage", "web" })
package org.careplanfhir.server.fhir;
