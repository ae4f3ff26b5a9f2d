package org.careplanfhir.server.conformance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.restassured.response.Response;
import org.careplanfhir.server.StandaloneServer;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.careplanfhir.server.conformance.CaseManagementExamples.example;
import static org.careplanfhir.server.conformance.CaseManagementExamples.json;

/**
 * The port opens while the server is still installing its FHIR packages. A write that comes in that
 * window, claiming a profile about to be installed, is asked to come back (503, {@code Retry-After})
 * and stores nothing, instead of being refused for an unknown profile.
 */
class StartUpIntegrationTests {

	@Test
	void aWriteWhileThePackagesAreInstallingIsAskedToRetryAndStoresNothing() throws Exception {
		int port = StandaloneServer.freePort();
		Path data = StandaloneServer.newDataDirectory();
		String family = "Starting" + System.nanoTime();
		Patient patient = example("rehab-patient");
		patient.setId((String) null);
		patient.setName(List.of(new HumanName().setFamily(family).addGiven("Early")));
		String claimsOurProfile = json(patient);

		CompletableFuture<StandaloneServer> starting = CompletableFuture.supplyAsync(() -> StandaloneServer.start(data,
				Map.of("server.port", port, "careplan.security.enabled", "false")));
		List<Response> answers = new ArrayList<>();
		while (!starting.isDone()) {
			try {
				answers.add(given().port(port).basePath("/fhir").contentType("application/fhir+json")
					.body(claimsOurProfile).post("/Patient"));
			}
			catch (Exception notListeningYet) {
				// Connection refused: REST Assured (Groovy) throws the checked ConnectException undeclared.
				Thread.sleep(20);
			}
		}
		try (StandaloneServer server = starting.get()) {
			List<Integer> statuses = answers.stream().map(Response::statusCode).toList();
			// The last attempt may have come just after the server became ready.
			assertThat(statuses).as("answers while starting").contains(503).allMatch(status -> status == 503 || status == 201);
			Response waiting = answers.stream().filter(answer -> answer.statusCode() == 503).findFirst().orElseThrow();
			assertThat(waiting.header("Retry-After")).isEqualTo("5");
			assertThat(waiting.asString()).contains("OperationOutcome", "not ready");
			long stored = statuses.stream().filter(status -> status == 201).count();
			int found = given().port(port).basePath("/fhir").get("/Patient?family=" + family + "&_summary=count")
				.then()
				.statusCode(200)
				.extract()
				.path("total");
			assertThat(found).isEqualTo((int) stored);
			// Ready: the same write, claiming the profile, is checked against it and stored.
			given().port(port).basePath("/fhir").contentType("application/fhir+json").body(claimsOurProfile)
				.post("/Patient").then().statusCode(201);
		}
	}

}
