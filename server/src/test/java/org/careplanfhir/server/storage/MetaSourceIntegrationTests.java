package org.careplanfhir.server.storage;

import java.util.List;

import io.restassured.path.json.JsonPath;
import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
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

		String patient = answer.getString("entry[0].response.location").split("/")[1];
		String condition = answer.getString("entry[1].response.location").split("/")[1];
		assertThat(versionWrites("Patient", patient)).containsExactly("INSERT");
		assertThat(versionWrites("Condition", condition)).containsExactly("INSERT");
		fhir().get("/Condition/" + condition).then().statusCode(200).body("meta.source", equalTo(null));
	}

	/** Each write PostgreSQL made to the resource's version rows, in order, as recorded by the trigger. */
	private List<String> versionWrites(String type, String id) {
		return database.queryForList("""
				SELECT w.operation FROM test_version_writes w JOIN hfj_resource r ON r.res_id = w.res_id
				WHERE r.res_type = ? AND r.fhir_id = ? ORDER BY w.seq""", String.class, type, id);
	}

	/**
	 * A row-level trigger sees every insert and update of {@code hfj_res_ver} as it happens, in the
	 * writing transaction itself. PostgreSQL's table statistics cannot serve: a backend reports them
	 * some time after its commit, under load too late for any bounded wait.
	 */
	@BeforeEach
	void recordVersionWrites() {
		database.execute("""
				CREATE TABLE IF NOT EXISTS test_version_writes (
				  seq bigserial PRIMARY KEY, res_id bigint NOT NULL, operation text NOT NULL)""");
		database.execute("""
				CREATE OR REPLACE FUNCTION test_record_version_write() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
				  INSERT INTO test_version_writes (res_id, operation) VALUES (NEW.res_id, TG_OP);
				  RETURN NULL;
				END $$""");
		database.execute("DROP TRIGGER IF EXISTS test_version_writes ON hfj_res_ver");
		database.execute("""
				CREATE TRIGGER test_version_writes AFTER INSERT OR UPDATE ON hfj_res_ver
				FOR EACH ROW EXECUTE FUNCTION test_record_version_write()""");
	}

	@AfterEach
	void stopRecordingVersionWrites() {
		database.execute("DROP TRIGGER IF EXISTS test_version_writes ON hfj_res_ver");
		database.execute("DROP FUNCTION IF EXISTS test_record_version_write()");
		database.execute("DROP TABLE IF EXISTS test_version_writes");
	}

}
