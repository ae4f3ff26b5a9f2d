package org.careplanfhir.server.conformance;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.RestfulServer;
import org.careplanfhir.server.fhir.FhirServerCustomizer;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.StructureDefinition.StructureDefinitionKind;
import org.hl7.fhir.r4.model.StructureDefinition.TypeDerivationRule;

import org.careplanfhir.server.web.RequestPipeline;

import org.springframework.stereotype.Component;

/**
 * The CapabilityStatement names, for each resource type, the profiles a write claiming them is
 * checked against ({@code rest.resource.supportedProfile}): every resource profile of the installed
 * packages (the case-management package, US Core, any configured one), so that a client can find
 * out before it sends what the server will hold its claims to.
 */
@Component
@Interceptor
class SupportedProfiles implements FhirServerCustomizer {

	private final IValidationSupport validationSupport;

	SupportedProfiles(IValidationSupport validationSupport) {
		this.validationSupport = validationSupport;
	}

	@Override
	public void customize(RestfulServer server) {
		server.registerInterceptor(this);
	}

	@Hook(value = Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED, order = RequestPipeline.RESPONSE_SHAPING)
	public void declareProfiles(IBaseConformance statement) {
		if (!(statement instanceof CapabilityStatement capabilities)) {
			return;
		}
		Map<String, TreeSet<String>> byType = profilesByType();
		capabilities.getRest().forEach(rest -> rest.getResource().forEach(resource -> {
			for (String url : byType.getOrDefault(resource.getType(), new TreeSet<>())) {
				if (resource.getSupportedProfile().stream().noneMatch(known -> url.equals(known.getValue()))) {
					resource.addSupportedProfile(url);
				}
			}
			resource.getSupportedProfile().sort(Comparator.comparing(CanonicalType::getValue));
		}));
	}

	private Map<String, TreeSet<String>> profilesByType() {
		Map<String, TreeSet<String>> byType = new TreeMap<>();
		List<StructureDefinition> definitions = validationSupport.fetchAllStructureDefinitions();
		for (StructureDefinition definition : definitions == null ? List.<StructureDefinition>of() : definitions) {
			if (definition.getKind() == StructureDefinitionKind.RESOURCE
					&& definition.getDerivation() == TypeDerivationRule.CONSTRAINT && definition.hasUrl()) {
				byType.computeIfAbsent(definition.getType(), type -> new TreeSet<>()).add(definition.getUrl());
			}
		}
		return byType;
	}

}
