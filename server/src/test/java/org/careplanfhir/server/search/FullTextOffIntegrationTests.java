package org.careplanfhir.server.search;

import java.util.Map;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.careplanfhir.bench.population.PopulationGenerator;
import org.careplanfhir.server.StandaloneServer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

/**
 * A server with full text off ({@code careplan.search.full-text=false}, as a cluster without
 * Elasticsearch runs) still enumerates the case-management package's value sets: writes bound to
 * them are judged by the compiled checks, a code outside them is refused where it stands, and
 * {@code ValueSet/$expand} answers. HAPI pre-expands them into its terminology tables as it does with
 * full text on. A full-text search is refused with a 400.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FullTextOffIntegrationTests {

	private static final String GOAL_HORIZONS = "http://careplan-fhir.org/fhir/ValueSet/cm-goal-horizon";

	private final FhirContext fhirContext = FhirContext.forR4Cached();

	private StandaloneServer server;

	@BeforeAll
	void startWithoutFullText() {
		server = StandaloneServer.start(StandaloneServer.newDataDirectory(), Map.of("careplan.search.full-text", "false"));
	}

	@AfterAll
	void stop() {
		server.close();
	}

	@Test
	void writesBoundToThePackagesValueSetsAreJudgedByTheCompiledChecks() {
		PopulationGenerator population = new PopulationGenerator(3040, 1, 1, 1);
		server.fhir().body(json(population.shared())).post("/").then().statusCode(200);
		for (int patient = 1; patient <= 3; patient++) {
			Bundle bundle = population.patient(patient);
			assertThat(bundle.getEntry()).as("entries bound to the goal horizons")
				.anyMatch(entry -> entry.getResource() instanceof Goal goal && !goal.getCategory().isEmpty());
			double compiled = checks("compiled");
			double reference = checks("hl7-validator");
			server.fhir().body(json(bundle)).post("/").then().statusCode(200);
			assertThat(checks("compiled") - compiled).as("entries judged by the compiled checks")
				.isEqualTo(bundle.getEntry().size());
			assertThat(checks("hl7-validator")).as("entries sent to the HL7 validator").isEqualTo(reference);
		}
	}

	@Test
	void aCodeOutsideThePackagesValueSetIsRefusedWhereItStandsAndNothingIsStored() {
		PopulationGenerator population = new PopulationGenerator(3041, 1, 0, 0);
		server.fhir().body(json(population.shared())).post("/").then().statusCode(200);
		Bundle bundle = population.patient(1);
		Goal goal = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
			.filter(resource -> resource instanceof Goal goalOfThePlan && !goalOfThePlan.getCategory().isEmpty())
			.map(Goal.class::cast).findFirst().orElseThrow();
		goal.getCategoryFirstRep().getCodingFirstRep().setCode("next-decade");
		server.fhir().body(json(bundle)).post("/").then().statusCode(422)
			.body("resourceType", equalTo("OperationOutcome"))
			.body("issue.expression.flatten()", hasItem(containsString("Goal.category")));
		Resource patient = bundle.getEntry().get(0).getResource();
		server.fhir().get("/" + patient.fhirType() + "/" + patient.getIdElement().getIdPart()).then().statusCode(404);
	}

	@Test
	void aValueSetOfThePackageExpands() {
		server.fhir().get("/ValueSet/$expand?url=" + GOAL_HORIZONS).then().statusCode(200)
			.body("resourceType", equalTo("ValueSet"))
			.body("expansion.contains.system", hasItem("http://careplan-fhir.org/fhir/CodeSystem/cm-goal-horizon"))
			.body("expansion.contains.code", hasItems("short-term", "long-term"));
	}

	@Test
	void thePackagesValueSetsArePreExpandedIntoTheTerminologyTablesAsWithFullText() {
		assertThat(server.bean(JdbcTemplate.class).queryForList("SELECT expansion_status FROM trm_valueset WHERE url = ?",
				String.class, GOAL_HORIZONS))
			.as("pre-expansion of the goal horizons")
			.containsExactly("EXPANDED");
	}

	@Test
	void aFullTextSearchIsRefusedWithAnOperationOutcome() {
		server.fhir().get("/Goal?_content=stairs").then().statusCode(400)
			.body("resourceType", equalTo("OperationOutcome"))
			.body("issue[0].diagnostics", containsString("_content"));
	}

	private double checks(String by) {
		Counter counter = server.bean(MeterRegistry.class).find("careplan.validation.checks").tag("by", by).counter();
		return counter == null ? 0 : counter.count();
	}

	private String json(Resource resource) {
		return fhirContext.newJsonParser().encodeResourceToString(resource);
	}

}
