package org.careplanfhir.server.conformance.compiled;

import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.hapi.ctx.HapiWorkerContext;
import org.hl7.fhir.r4.model.Enumerations.FHIRVersion;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FhirPathSupportTests {

	private static final FhirContext R4 = FhirContext.forR4Cached();

	private static final String STORED_PROFILE = "http://example.org/fhir/StructureDefinition/stored-patient";

	private final ValidationSupportChain server = serverHolding(storedProfile());

	private final FhirPathSupport support = new FhirPathSupport(R4, server);

	@Test
	void theListOfAllDefinitionsIsTheBaseSpecificationsAndLeavesOutWhatTheServerStores() {
		List<IBaseResource> all = support.fetchAllStructureDefinitions();

		assertThat(all).hasSameSizeAs(new DefaultProfileValidationSupport(R4).fetchAllStructureDefinitions());
		assertThat(all).extracting(definition -> ((StructureDefinition) definition).getUrl())
			.contains("http://hl7.org/fhir/StructureDefinition/Patient")
			.doesNotContain(STORED_PROFILE);
		assertThat(server.fetchAllStructureDefinitions()).extracting(definition -> ((StructureDefinition) definition).getUrl())
			.contains(STORED_PROFILE);
	}

	@Test
	void aDefinitionTheServerStoresIsStillFoundByItsUrl() {
		assertThat(support.fetchStructureDefinition(STORED_PROFILE)).isNotNull();
		assertThat(support.fetchResource(StructureDefinition.class, STORED_PROFILE).getUrl()).isEqualTo(STORED_PROFILE);
	}

	@Test
	void anEngineBuiltOnItKnowsEveryFhirType() {
		FHIRPathEngine engine = new FHIRPathEngine(new HapiWorkerContext(R4, support));
		Patient patient = new Patient().addName(new HumanName().setFamily("Type"));

		assertThat(engine.evaluateToBoolean(null, patient, patient, patient, engine.parse("name.first() is HumanName")))
			.isTrue();
		assertThat(engine.evaluateToBoolean(null, patient, patient, patient, engine.parse("name.ofType(FHIR.HumanName).exists()")))
			.isTrue();
		assertThat(engine.evaluateToBoolean(null, patient, patient, patient, engine.parse("birthDate.exists() implies birthDate is date")))
			.isTrue();
	}

	private static StructureDefinition storedProfile() {
		StructureDefinition profile = new StructureDefinition();
		profile.setUrl(STORED_PROFILE);
		profile.setName("StoredPatient");
		profile.setType("Patient");
		profile.setFhirVersion(FHIRVersion._4_0_1);
		profile.setBaseDefinition("http://hl7.org/fhir/StructureDefinition/Patient");
		profile.setDerivation(StructureDefinition.TypeDerivationRule.CONSTRAINT);
		profile.setKind(StructureDefinition.StructureDefinitionKind.RESOURCE);
		return profile;
	}

	private static ValidationSupportChain serverHolding(StructureDefinition profile) {
		PrePopulatedValidationSupport stored = new PrePopulatedValidationSupport(R4);
		stored.addStructureDefinition(profile);
		return new ValidationSupportChain(stored, new DefaultProfileValidationSupport(R4));
	}

}
