package org.careplanfhir.bench.population;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.careplanfhir.profiles.validation.OfflineValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class PopulationGeneratorTests {

	@TempDir
	Path temp;

	@Test
	void sameSeedWritesByteIdenticalFiles() throws IOException {
		new PopulationWriter().write(new PopulationGenerator(7, 1, 1, 1), 12, temp.resolve("a"));
		new PopulationWriter().write(new PopulationGenerator(7, 1, 1, 1), 12, temp.resolve("b"));

		List<Path> files = files(temp.resolve("a"));
		assertThat(files).hasSize(1 + 12 + 12); // shared + patients + one NDJSON per type
		for (Path file : files) {
			Path twin = temp.resolve("b").resolve(temp.resolve("a").relativize(file));
			assertThat(Files.readAllBytes(twin)).as(file.toString()).isEqualTo(Files.readAllBytes(file));
		}
	}

	@Test
	void anotherSeedGivesAnotherPopulationWithItsOwnIds() {
		Bundle first = new PopulationGenerator(7, 1, 1, 1).patient(3);
		Bundle second = new PopulationGenerator(8, 1, 1, 1).patient(3);

		assertThat(first.getEntryFirstRep().getResource().getIdElement().getIdPart()).isEqualTo("s7-pat-3");
		assertThat(second.getEntryFirstRep().getResource().getIdElement().getIdPart()).isEqualTo("s8-pat-3");
	}

	@Test
	void patientDoesNotDependOnHowManyPatientsAreGenerated() throws IOException {
		new PopulationWriter().write(new PopulationGenerator(7, 1, 1, 1), 3, temp.resolve("small"));
		new PopulationWriter().write(new PopulationGenerator(7, 1, 1, 1), 9, temp.resolve("large"));

		assertThat(Files.readString(temp.resolve("large/bundles/patient-000003.json")))
			.isEqualTo(Files.readString(temp.resolve("small/bundles/patient-000003.json")));
	}

	@Test
	void mixDecidesTheSpecialties() {
		PopulationGenerator rehabOnly = new PopulationGenerator(7, 0, 0, 1);
		for (int index = 1; index <= 10; index++) {
			assertThat(carePlan(rehabOnly.patient(index)).getMeta().getProfile().get(0).getValue())
				.endsWith("/rehab-cm-careplan");
		}
	}

	@Test
	void everyGeneratedResourceValidatesAgainstItsProfiles() {
		OfflineValidator validator = new OfflineValidator();
		PopulationGenerator generator = new PopulationGenerator(42, 1, 1, 1);
		List<Resource> resources = new ArrayList<>();
		generator.shared().getEntry().forEach(e -> resources.add(e.getResource()));
		for (int index = 1; index <= 30; index++) {
			generator.patient(index).getEntry().forEach(e -> resources.add(e.getResource()));
		}

		assertThat(resources).extracting(Resource::fhirType)
			.contains("Patient", "EpisodeOfCare", "CareTeam", "Goal", "CarePlan", "ServiceRequest", "Task", "Coverage",
					"Organization", "Practitioner", "Condition", "RelatedPerson");
		for (Resource resource : resources) {
			assertThat(validator.errors(resource)).as(resource.fhirType() + "/" + resource.getIdElement().getIdPart())
				.extracting(error -> error.getLocation() + ": " + error.getMessage())
				.isEmpty();
		}
	}

	/** The OT referral may only be active once the PT goal it follows is achieved (the server's rule). */
	@Test
	void referralsFollowTheGoalSequence() {
		PopulationGenerator rehabOnly = new PopulationGenerator(42, 0, 0, 1);
		int active = 0;
		for (int index = 1; index <= 40; index++) {
			Bundle patient = rehabOnly.patient(index);
			Goal walking = resource(patient, Goal.class, "-goal-" + index + "-1");
			ServiceRequest ot = resource(patient, ServiceRequest.class, "-sr-" + index + "-2");
			if (ot.getStatus() == ServiceRequest.ServiceRequestStatus.ACTIVE) {
				active++;
				assertThat(walking.getAchievementStatus().hasCoding("http://terminology.hl7.org/CodeSystem/goal-achievement",
						"achieved")).isTrue();
			}
		}
		assertThat(active).as("some OT referrals are under way").isPositive();
	}

	private static CarePlan carePlan(Bundle bundle) {
		return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
			.filter(CarePlan.class::isInstance).map(CarePlan.class::cast).findFirst().orElseThrow();
	}

	private static <T extends Resource> T resource(Bundle bundle, Class<T> type, String idSuffix) {
		return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
			.filter(type::isInstance).map(type::cast)
			.filter(r -> r.getIdElement().getIdPart().endsWith(idSuffix))
			.findFirst().orElseThrow();
	}

	private static List<Path> files(Path folder) throws IOException {
		try (Stream<Path> walk = Files.walk(folder)) {
			return walk.filter(Files::isRegularFile).sorted().toList();
		}
	}

}
