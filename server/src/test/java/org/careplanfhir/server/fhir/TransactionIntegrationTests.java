package org.careplanfhir.server.fhir;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.restassured.path.json.JsonPath;
import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

class TransactionIntegrationTests extends FhirServerTest {

	private static String bundle(String type, String patientIdentifier, String goalSubject) {
		return """
				{"resourceType":"Bundle","type":"%s","entry":[
				 {"fullUrl":"urn:uuid:4f1c2a7e-0000-4000-8000-000000000001",
				  "resource":{"resourceType":"Patient","identifier":[{"system":"urn:careplan:test","value":"%s"}]},
				  "request":{"method":"POST","url":"Patient"}},
				 {"resource":{"resourceType":"Goal","lifecycleStatus":"proposed","description":{"text":"Walk 100 m"},
				   "subject":{"reference":"%s"}},
				  "request":{"method":"POST","url":"Goal"}}]}
				""".formatted(type, patientIdentifier, goalSubject);
	}

	private long patientsWithIdentifier(String value) {
		return fhir().get("/Patient?identifier=urn:careplan:test|" + value + "&_summary=count").then().statusCode(200)
			.extract().<Integer>path("total");
	}

	@Test
	void transactionStoresAllEntriesAndResolvesPlaceholderReferences() {
		String value = unique("tx");

		JsonPath response = fhir().body(bundle("transaction", value, "urn:uuid:4f1c2a7e-0000-4000-8000-000000000001"))
			.post("/").then().statusCode(200).body("type", equalTo("transaction-response")).extract().jsonPath();

		assertThat(response.getList("entry.response.status", String.class)).allMatch(s -> s.startsWith("201"));
		String patientLocation = response.getString("entry[0].response.location");
		String patientId = patientLocation.split("/")[1];
		fhir().get("/Goal?subject=Patient/" + patientId).then().body("total", equalTo(1));
	}

	@Test
	void transactionWithOneFailingEntryStoresNothing() {
		String value = unique("txfail");
		long patientsBefore = storedCount("Patient");
		long goalsBefore = storedCount("Goal");

		fhir().body(bundle("transaction", value, "Patient/does-not-exist")).post("/").then()
			.statusCode(org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.greaterThanOrEqualTo(400),
					org.hamcrest.Matchers.lessThan(500)))
			.body("resourceType", equalTo("OperationOutcome"))
			.body("issue[0].diagnostics", org.hamcrest.Matchers.containsString("Patient/does-not-exist"));

		assertThat(patientsWithIdentifier(value)).isZero();
		assertThat(storedCount("Patient")).isEqualTo(patientsBefore);
		assertThat(storedCount("Goal")).isEqualTo(goalsBefore);
	}

	@Test
	void batchProcessesEntriesIndependently() {
		String value = unique("batch");

		JsonPath response = fhir().body(bundle("batch", value, "Patient/does-not-exist")).post("/").then()
			.statusCode(200).body("type", equalTo("batch-response")).extract().jsonPath();

		assertThat(response.getString("entry[0].response.status")).startsWith("201");
		assertThat(response.getString("entry[1].response.status")).startsWith("4");
		assertThat(response.getString("entry[1].response.outcome.resourceType")).isEqualTo("OperationOutcome");
		assertThat(patientsWithIdentifier(value)).isEqualTo(1);
	}

	@Test
	void parallelConditionalCreatesOfOneIdentifierYieldOneResource() throws Exception {
		String value = unique("race");
		String body = """
				{"resourceType":"Patient","identifier":[{"system":"urn:careplan:test","value":"%s"}]}""".formatted(value);
		int clients = 10;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Future<Integer>> statuses = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				Callable<Integer> call = () -> {
					start.await();
					return fhir().header("If-None-Exist", "identifier=urn:careplan:test|" + value).body(body)
						.post("/Patient").then().extract().statusCode();
				};
				statuses.add(pool.submit(call));
			}
			start.countDown();
			List<Integer> codes = new ArrayList<>();
			for (Future<Integer> status : statuses) {
				codes.add(status.get());
			}

			assertThat(codes).allMatch(code -> code == 200 || code == 201);
			assertThat(codes).filteredOn(code -> code == 201).hasSize(1);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(patientsWithIdentifier(value)).isEqualTo(1);
		assertThat(database.queryForObject("""
				SELECT count(DISTINCT t.res_id) FROM hfj_spidx_token t JOIN hfj_resource r ON r.res_id = t.res_id
				WHERE t.res_type = 'Patient' AND t.sp_name = 'identifier' AND t.sp_value = ? AND r.res_deleted_at IS NULL
				""", Long.class, value)).isEqualTo(1);
	}

}
