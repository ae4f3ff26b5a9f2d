/**
 * Observability: request logging and the start-up report. Health and metrics come from Spring
 * Boot Actuator, configured in {@code application.yaml}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Observability",
		allowedDependencies = { "web" })
package org.careplanfhir.server.observability;
