package org.careplanfhir.server.provenance;

import java.util.HashSet;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;

import org.careplanfhir.server.fhir.PatientCompartmentDefinition;
import org.careplanfhir.server.security.policy.FhirAccessResolver;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Records Provenance for clients' writes ({@link ProvenanceRecorder}), on HAPI's global interceptor
 * service so that what the server writes in a client's transaction on its behalf is part of it. Off
 * with {@code careplan.provenance.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "careplan.provenance.enabled", havingValue = "true", matchIfMissing = true)
class ProvenanceConfiguration {

	@Bean
	ProvenanceRecorder provenanceRecorder(FhirContext fhirContext, FhirAccessResolver accessResolver, DaoRegistry daos,
			PatientCompartmentDefinition compartment, IInterceptorService interceptors) {
		// A Provenance names the versions it describes; HAPI's parser drops a reference's version
		// unless told where not to, and would store "Task/1" for "Task/1/_history/3".
		Set<String> keptVersions = new HashSet<>(fhirContext.getParserOptions().getDontStripVersionsFromReferencesAtPaths());
		keptVersions.add("Provenance.target");
		fhirContext.getParserOptions().setDontStripVersionsFromReferencesAtPaths(keptVersions);
		ProvenanceRecorder recorder = new ProvenanceRecorder(fhirContext, accessResolver, daos,
				new ProvenanceDocument(new OrganizationOfUser()), compartment);
		interceptors.registerInterceptor(recorder);
		return recorder;
	}

	@Bean
	ProvenanceAccess provenanceAccess() {
		return new ProvenanceAccess();
	}

}
