package org.careplanfhir.server.conformance;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.EpisodeOfCare;

/**
 * The profile a resource must meet because of what it says it is, even when it claims none: a
 * CarePlan whose category carries a case-management specialty is a plan of that specialty, and an
 * EpisodeOfCare typed with a specialty is a case.
 */
final class SpecialtyProfiles {

	private static final String SPECIALTY_SYSTEM = "http://careplan-fhir.org/fhir/CodeSystem/cm-specialty";

	private static final String CASE_PROFILE = "http://careplan-fhir.org/fhir/StructureDefinition/cm-case";

	private static final Map<String, String> CARE_PLAN_PROFILES = Map.of(
			"nurse-cm", "http://careplan-fhir.org/fhir/StructureDefinition/nurse-cm-careplan",
			"medical-cm", "http://careplan-fhir.org/fhir/StructureDefinition/medical-cm-careplan",
			"rehab-cm", "http://careplan-fhir.org/fhir/StructureDefinition/rehab-cm-careplan");

	private SpecialtyProfiles() {
	}

	static Optional<String> impliedBy(IBaseResource resource) {
		if (resource instanceof CarePlan plan) {
			return plan.getCategory()
				.stream()
				.flatMap(category -> specialtyCodes(category))
				.map(CARE_PLAN_PROFILES::get)
				.filter(Objects::nonNull)
				.findFirst();
		}
		if (resource instanceof EpisodeOfCare episode
				&& episode.getType().stream().flatMap(SpecialtyProfiles::specialtyCodes).findAny().isPresent()) {
			return Optional.of(CASE_PROFILE);
		}
		return Optional.empty();
	}

	private static java.util.stream.Stream<String> specialtyCodes(CodeableConcept concept) {
		return concept.getCoding()
			.stream()
			.filter(coding -> SPECIALTY_SYSTEM.equals(coding.getSystem()))
			.map(coding -> coding.getCode());
	}

}
