package org.careplanfhir.server.conformance;

import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Goal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The profile a resource must meet because of the specialty it names, whatever it claims. */
class SpecialtyProfilesTests {

	private static final String SPECIALTY = "http://careplan-fhir.org/fhir/CodeSystem/cm-specialty";

	private static final String PROFILES = "http://careplan-fhir.org/fhir/StructureDefinition/";

	@Test
	void aCarePlanOfASpecialtyMustMeetThatSpecialtysPlanProfile() {
		assertThat(SpecialtyProfiles.impliedBy(plan(new Coding(SPECIALTY, "nurse-cm", null))))
			.contains(PROFILES + "nurse-cm-careplan");
		assertThat(SpecialtyProfiles.impliedBy(plan(new Coding(SPECIALTY, "medical-cm", null))))
			.contains(PROFILES + "medical-cm-careplan");
		assertThat(SpecialtyProfiles.impliedBy(plan(new Coding(SPECIALTY, "rehab-cm", null))))
			.contains(PROFILES + "rehab-cm-careplan");
	}

	@Test
	void theSpecialtyIsFoundAmongTheOtherCategories() {
		CarePlan plan = plan(new Coding("http://hl7.org/fhir/us/core/CodeSystem/careplan-category", "assess-plan", null));
		plan.addCategory(new CodeableConcept(new Coding(SPECIALTY, "rehab-cm", null)));

		assertThat(SpecialtyProfiles.impliedBy(plan)).contains(PROFILES + "rehab-cm-careplan");
	}

	@Test
	void aCarePlanWithoutAKnownSpecialtyImpliesNothing() {
		assertThat(SpecialtyProfiles.impliedBy(new CarePlan())).isEmpty();
		assertThat(SpecialtyProfiles.impliedBy(plan(new Coding(SPECIALTY, "dental-cm", null)))).isEmpty();
		// The same code in another code system is not our specialty.
		assertThat(SpecialtyProfiles.impliedBy(plan(new Coding("http://example.org/specialty", "nurse-cm", null))))
			.isEmpty();
	}

	@Test
	void anEpisodeOfCareTypedWithASpecialtyIsACase() {
		EpisodeOfCare episode = new EpisodeOfCare();
		episode.addType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/episodeofcare-type", "pac", null)));
		assertThat(SpecialtyProfiles.impliedBy(episode)).isEmpty();

		episode.addType(new CodeableConcept(new Coding(SPECIALTY, "medical-cm", null)));
		assertThat(SpecialtyProfiles.impliedBy(episode)).contains(PROFILES + "cm-case");
	}

	@Test
	void otherResourcesImplyNothing() {
		assertThat(SpecialtyProfiles.impliedBy(new Goal())).isEmpty();
	}

	private static CarePlan plan(Coding category) {
		CarePlan plan = new CarePlan();
		plan.addCategory(new CodeableConcept(category));
		return plan;
	}

}
