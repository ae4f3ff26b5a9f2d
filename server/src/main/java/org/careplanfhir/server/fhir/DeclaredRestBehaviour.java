package org.careplanfhir.server.fhir;

import java.util.Set;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.RestfulServer;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.ReferenceHandlingPolicy;

import org.springframework.stereotype.Component;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * What the CapabilityStatement says about references and searches matches what the server does.
 * References: literal and local (external references are refused), and enforced (a write naming a
 * resource that does not exist is refused). Compartment search on the Patient compartment is
 * supported ({@link CompartmentSearches}). Parameters HAPI lists but does not honour as defined are
 * left out: {@code phonetic} is matched as plain text, not by sound.
 */
@Component
@Interceptor
class DeclaredRestBehaviour implements FhirServerCustomizer {

	private static final String PATIENT_COMPARTMENT = "http://hl7.org/fhir/CompartmentDefinition/patient";

	private static final Set<String> NOT_AS_DEFINED = Set.of("phonetic");

	@Override
	public void customize(RestfulServer server) {
		server.registerInterceptor(this);
	}

	@Hook(value = Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED, order = RequestPipeline.RESPONSE_SHAPING)
	public void declare(IBaseConformance statement) {
		if (!(statement instanceof CapabilityStatement capabilities)) {
			return;
		}
		for (CapabilityStatementRestComponent rest : capabilities.getRest()) {
			if (rest.getCompartment().stream().noneMatch(compartment -> PATIENT_COMPARTMENT.equals(compartment.getValue()))) {
				rest.addCompartment(PATIENT_COMPARTMENT);
			}
			for (CapabilityStatementRestResourceComponent resource : rest.getResource()) {
				resource.getReferencePolicy().clear();
				resource.addReferencePolicy(ReferenceHandlingPolicy.LITERAL);
				resource.addReferencePolicy(ReferenceHandlingPolicy.LOCAL);
				resource.addReferencePolicy(ReferenceHandlingPolicy.ENFORCED);
				resource.getSearchParam().removeIf(param -> NOT_AS_DEFINED.contains(param.getName()));
			}
		}
	}

}
