package org.careplanfhir.server.conformance;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.RestfulServer;
import org.careplanfhir.server.fhir.FhirServerCustomizer;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;

import org.careplanfhir.server.web.RequestPipeline;

import org.springframework.stereotype.Component;

/**
 * The CapabilityStatement {@code instantiates} the US Core 6.1.0 server statement: the server holds
 * every US Core profile and answers every search, read and {@code _revinclude} that statement says a
 * server SHALL support (a test runs each of them, read from the published package, on Synthea data).
 * Claimed only while US Core 6.1.0 is installed, which it always is unless an operator removes it.
 */
@Component
@Interceptor
class UsCoreServerClaim implements FhirServerCustomizer {

	static final String US_CORE_SERVER = "http://hl7.org/fhir/us/core/CapabilityStatement/us-core-server|6.1.0";

	private static final String US_CORE_PATIENT = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient|6.1.0";

	private final IValidationSupport validationSupport;

	UsCoreServerClaim(IValidationSupport validationSupport) {
		this.validationSupport = validationSupport;
	}

	@Override
	public void customize(RestfulServer server) {
		server.registerInterceptor(this);
	}

	@Hook(value = Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED, order = RequestPipeline.RESPONSE_SHAPING)
	public void claimUsCore(IBaseConformance statement) {
		if (statement instanceof CapabilityStatement capabilities && !capabilities.hasInstantiates(US_CORE_SERVER)
				&& validationSupport.fetchStructureDefinition(US_CORE_PATIENT) != null) {
			capabilities.addInstantiates(US_CORE_SERVER);
		}
	}

}
