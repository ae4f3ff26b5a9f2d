package org.careplanfhir.server.conformance;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.careplanfhir.server.AdditionalTestPackage;
import org.careplanfhir.profiles.CaseManagementPackage;
import org.careplanfhir.server.FhirServerTest;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.careplanfhir.server.conformance.CaseManagementExamples.example;
import static org.careplanfhir.server.conformance.CaseManagementExamples.json;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

class PackageInstallationIntegrationTests extends FhirServerTest {

	private static final String CM = "http://careplan-fhir.org/fhir/";

	@BeforeEach
	void storeTheExampleScenarios() {
		CaseManagementExamples.storeAllOnce(fhir());
	}

	@Test
	void installsTheCaseManagementProfilesWithTheirSnapshots() {
		fhir().get("/StructureDefinition?url=" + CM + "StructureDefinition/nurse-cm-careplan")
			.then()
			.statusCode(200)
			.body("total", equalTo(1))
			.body("entry[0].resource.snapshot.element.size()", greaterThan(50));
		fhir().get("/ValueSet?url=" + CM + "ValueSet/cm-case-manager-role").then().body("total", equalTo(1));
		fhir().get("/CodeSystem?url=" + CM + "CodeSystem/cm-specialty").then().body("total", equalTo(1));
	}

	/**
	 * Every resource the package installs is found the standard way, as a client discovering profiles
	 * would look for it, and counted the same by {@code _summary=count} and by a plain search.
	 */
	@TestFactory
	Stream<DynamicTest> everyInstalledConformanceResourceIsSearchableByItsCanonicalElements() {
		return CaseManagementPackage.get().conformanceResources().stream()
			.filter(resource -> resource instanceof MetadataResource)
			.map(resource -> (MetadataResource) resource)
			.map(resource -> DynamicTest.dynamicTest(resource.fhirType() + " " + resource.getUrl(), () -> {
				String type = resource.fhirType();
				String url = "?url=" + resource.getUrl();
				fhir().get("/" + type + url).then().statusCode(200).body("total", equalTo(1));
				if (resource.hasVersion()) {
					fhir().get("/" + type + url + "&version=" + resource.getVersion()).then().body("total", equalTo(1));
				}
				fhir().get("/" + type + url + "&name=" + resource.getName()).then().body("total", equalTo(1));
				if (resource instanceof StructureDefinition profile) {
					fhir().get("/" + type + url + "&type=" + profile.getType()).then().body("total", equalTo(1));
				}
				if (resource instanceof SearchParameter parameter) {
					fhir().get("/" + type + url + "&base=" + parameter.getBase().get(0).getCode())
						.then()
						.body("total", equalTo(1));
				}
			}));
	}

	@Test
	void installedConformanceResourcesAreCountedAlikeByEverySearch() {
		Map<String, Long> installed = CaseManagementPackage.get().conformanceResources().stream()
			.collect(Collectors.groupingBy(Resource::fhirType, Collectors.counting()));
		installed.forEach((type, count) -> {
			int counted = fhir().get("/" + type + "?_summary=count").then().statusCode(200).extract().path("total");
			List<String> listed = fhir().get("/" + type + "?_count=1000&_elements=url")
				.then()
				.extract()
				.path("entry.resource.url");
			assertThat(counted).as(type).isEqualTo(listed.size()).isGreaterThanOrEqualTo(count.intValue());
		});
	}

	@Test
	void specialtyAndAcuitySearchParametersFindCasesWithoutAReindex() {
		// Among the three example cases (other tests and the bench store many more).
		String examples = "&_id=nurse-case,medical-case,rehab-case";
		fhir().get("/EpisodeOfCare?specialty=" + CM + "CodeSystem/cm-specialty|rehab-cm" + examples)
			.then()
			.statusCode(200)
			.body("entry.resource.id", equalTo(List.of("rehab-case")));
		fhir().get("/EpisodeOfCare?acuity=" + CM + "CodeSystem/cm-acuity|high" + examples)
			.then()
			.body("entry.resource.id", equalTo(List.of("medical-case")));
	}

	@Test
	void episodeSearchParameterLinksPlansRequestsAndTeamsToTheirCase() {
		fhir().get("/CarePlan?episode=EpisodeOfCare/rehab-case").then().body("entry.resource.id", equalTo(List.of("rehab-careplan")));
		fhir().get("/CareTeam?episode=EpisodeOfCare/nurse-case").then().body("entry.resource.id", equalTo(List.of("nurse-careteam")));
		fhir().get("/ServiceRequest?episode=EpisodeOfCare/rehab-case&_summary=count").then().body("total", equalTo(3));
	}

	@Test
	void newlyWrittenResourcesAreFoundByPackageSearchParametersAtOnce() {
		Goal goal = example("rehab-goal-walking");
		goal.setId((String) null);
		String goalId = create("Goal", json(goal));
		ServiceRequest referral = example("rehab-family-education");
		referral.setId((String) null);
		referral.addExtension(ReferralSequenceRule.PERTAINS_TO_GOAL, new Reference("Goal/" + goalId));
		String referralId = create("ServiceRequest", json(referral));

		fhir().get("/ServiceRequest?pertains-to-goal=Goal/" + goalId)
			.then()
			.statusCode(200)
			.body("entry.resource.id", equalTo(List.of(referralId)));
	}

	@Test
	void caseManagerRoleSearchFindsTeamsByTheirCaseManager() {
		fhir().get("/CareTeam?participant-role=http://snomed.info/sct|768822006&_id=nurse-careteam,rehab-careteam")
			.then()
			.body("entry.resource.id", equalTo(List.of("rehab-careteam")));
	}

	@Test
	void installsAConfiguredPackageGeneratingItsSnapshotAndEnforcingItsProfile() {
		fhir().get("/StructureDefinition?url=" + AdditionalTestPackage.PROFILE_URL)
			.then()
			.body("total", equalTo(1))
			.body("entry[0].resource.snapshot.element.size()", greaterThan(10));
		String claimsProfile = "{\"resourceType\":\"Patient\",\"meta\":{\"profile\":[\"" + AdditionalTestPackage.PROFILE_URL
				+ "\"]},\"name\":[{\"use\":\"nickname\",\"given\":[\"" + unique("Ziggy") + "\"]}]}";
		long before = storedCount("Patient");
		fhir().body(claimsProfile)
			.post("/Patient")
			.then()
			.statusCode(422)
			.body("issue.expression.flatten()", hasItem("Patient"))
			.body("issue.diagnostics", hasItem(containsString("Patient.birthDate")));
		assertThat(storedCount("Patient")).isEqualTo(before);
	}

	@Test
	void configuredPackageSearchParameterWorks() {
		String nickname = unique("Bo");
		String id = create("Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"use\":\"nickname\",\"given\":[\"" + nickname + "\"]}]}");
		fhir().get("/Patient?" + AdditionalTestPackage.SEARCH_PARAMETER_CODE + "=" + nickname)
			.then()
			.statusCode(200)
			.body("entry", hasSize(1))
			.body("entry[0].resource.id", equalTo(id));
	}

	@Test
	void examplesStoredWholeWithTheirCareTeamAndCase() {
		CareTeam team = example("rehab-careteam");
		EpisodeOfCare rehabCase = example("rehab-case");
		fhir().get("/CareTeam/" + team.getIdElement().getIdPart()).then().statusCode(200).body("participant", hasSize(5));
		fhir().get("/EpisodeOfCare/" + rehabCase.getIdElement().getIdPart())
			.then()
			.statusCode(200)
			.body("careManager.reference", equalTo("Practitioner/rehab-coordinator"));
	}

}
