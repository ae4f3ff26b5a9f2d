package org.careplanfhir.server.storage;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.restassured.path.json.JsonPath;
import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

class MetaSourceIntegrationTests extends FhirServerTest {

	@Test
	void aClientsSourceIsKeptAndSearchableWithoutARequestIdAfterIt() {
		String family = unique("Sourced");
		String id = create("Patient", """
				{"resourceType": "Patient", "meta": {"source": "http://ehr.example.org/fhir"},
				 "name": [{"family": "%s"}], "gender": "female"}""".formatted(family));

		fhir().get("/Patient/" + id).then().statusCode(200).body("meta.source", equalTo("http://ehr.example.org/fhir"));
		fhir().get("/Patient?family=" + family + "&_source=http://ehr.example.org/fhir&_summary=count")
			.then()
			.statusCode(200)
			.body("total", equalTo(1));
		assertThat(database.queryForObject("""
				SELECT v.request_id FROM hfj_res_ver v JOIN hfj_resource r ON r.res_id = v.res_id
				WHERE r.res_type = 'Patient' AND r.fhir_id = ?""", String.class, id)).isNull();
	}

	@Test
	void eachVersionATransactionCreatesIsWrittenOnceWithNoSourceAdded() {
		VersionRows before = settledVersionRows();
		JsonPath answer = fhir().body("""
				{"resourceType": "Bundle", "type": "transaction", "entry": [
				  {"fullUrl": "urn:uuid:6a1f0e4c-93a5-4d8e-9a43-1f7b0d7c2e01",
				   "resource": {"resourceType": "Patient", "name": [{"family": "%s"}], "gender": "male"},
				   "request": {"method": "POST", "url": "Patient"}},
				  {"resource": {"resourceType": "Condition", "code": {"text": "fall risk"},
				                "subject": {"reference": "urn:uuid:6a1f0e4c-93a5-4d8e-9a43-1f7b0d7c2e01"}},
				   "request": {"method": "POST", "url": "Condition"}}]}""".formatted(unique("Once")))
			.post("/")
			.then()
			.statusCode(200)
			.extract()
			.jsonPath();

		String condition = answer.getString("entry[1].response.location").split("/")[1];
		fhir().get("/Condition/" + condition).then().statusCode(200).body("meta.source", equalTo(null));

		// PostgreSQL's table statistics arrive a moment after the commit; the transaction's inserts
		// (two resources and their Provenance) and any update of the same rows arrive together.
		VersionRows after = await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(200))
			.until(this::versionRows, rows -> rows.inserted() - before.inserted() >= 3);
		assertThat(after.updated()).as("version rows updated after their insert").isEqualTo(before.updated());
	}

	/**
	 * The counts once earlier writes' statistics (another test's, a client's source written as an
	 * update) have all arrived: PostgreSQL's backends send theirs up to a second or so late.
	 */
	private VersionRows settledVersionRows() {
		AtomicReference<VersionRows> previous = new AtomicReference<>(versionRows());
		return await().atMost(Duration.ofSeconds(30))
			.pollDelay(Duration.ofMillis(1500))
			.pollInterval(Duration.ofMillis(1500))
			.until(this::versionRows, rows -> rows.equals(previous.getAndSet(rows)));
	}

	private VersionRows versionRows() {
		return database.queryForObject("SELECT n_tup_ins, n_tup_upd FROM pg_stat_user_tables WHERE relname = 'hfj_res_ver'",
				(row, number) -> new VersionRows(row.getLong("n_tup_ins"), row.getLong("n_tup_upd")));
	}

	/** How many rows of {@code hfj_res_ver} PostgreSQL has counted as inserted and as updated so far. */
	private record VersionRows(long inserted, long updated) {
	}

}
