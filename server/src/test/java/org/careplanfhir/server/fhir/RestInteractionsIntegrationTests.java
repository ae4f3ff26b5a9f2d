package org.careplanfhir.server.fhir;

import io.restassured.response.Response;
import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

class RestInteractionsIntegrationTests extends FhirServerTest {

	private static String patient(String family) {
		return """
				{"resourceType":"Patient","identifier":[{"system":"urn:careplan:test","value":"%s"}],
				 "name":[{"family":"%s","given":["Ana"]}],"gender":"female","birthDate":"1960-04-02"}
				""".formatted(family, family);
	}

	@Test
	void createAnswersWithLocationEtagAndLastModified() {
		String family = unique("Create");
		Response created = fhir().body(patient(family)).post("/Patient");

		created.then()
			.statusCode(201)
			.header("Location", containsString("/fhir/Patient/"))
			.header("Location", containsString("/_history/1"))
			.header("ETag", equalTo("W/\"1\""))
			.header("Last-Modified", not(emptyOrNullString()))
			.body("name[0].family", equalTo(family));
		String id = created.path("id");
		assertThat(database.queryForObject("SELECT count(*) FROM hfj_resource WHERE res_type = 'Patient' AND fhir_id = ?",
				Long.class, id)).isEqualTo(1);
	}

	@Test
	void readAndVreadReturnTheStoredVersions() {
		String id = create("Patient", patient(unique("Read")));
		fhir().body(patient("Renamed").replace("\"resourceType\":\"Patient\",", "\"resourceType\":\"Patient\",\"id\":\"" + id + "\","))
			.put("/Patient/" + id)
			.then()
			.statusCode(200)
			.header("ETag", equalTo("W/\"2\""));

		fhir().get("/Patient/" + id).then().statusCode(200).body("meta.versionId", equalTo("2"))
			.body("name[0].family", equalTo("Renamed"));
		fhir().get("/Patient/" + id + "/_history/1").then().statusCode(200).body("meta.versionId", equalTo("1"))
			.body("name[0].family", startsWith("Read"));
	}

	@Test
	void xmlIsAcceptedAndServed() {
		String xml = """
				<Patient xmlns="http://hl7.org/fhir"><name><family value="XmlFamily"/></name><gender value="male"/></Patient>
				""";
		String id = fhir().contentType("application/fhir+xml").body(xml).post("/Patient").then().statusCode(201)
			.extract().path("id");

		String body = fhir().accept("application/fhir+xml").get("/Patient/" + id).then().statusCode(200)
			.contentType(containsString("application/fhir+xml")).extract().asString();
		assertThat(body).contains("<family value=\"XmlFamily\"/>");
	}

	@Test
	void jsonPatchAndFhirPathPatchChangeTheResource() {
		String id = create("Patient", patient(unique("Patch")));

		fhir().contentType("application/json-patch+json")
			.body("[{\"op\":\"replace\",\"path\":\"/gender\",\"value\":\"male\"}]")
			.patch("/Patient/" + id)
			.then()
			.statusCode(200);
		String fhirPathPatch = """
				{"resourceType":"Parameters","parameter":[{"name":"operation","part":[
				 {"name":"type","valueCode":"replace"},{"name":"path","valueString":"Patient.birthDate"},
				 {"name":"value","valueDate":"1961-05-06"}]}]}
				""";
		fhir().body(fhirPathPatch).patch("/Patient/" + id).then().statusCode(200);

		fhir().get("/Patient/" + id).then().body("gender", equalTo("male")).body("birthDate", equalTo("1961-05-06"))
			.body("meta.versionId", equalTo("3"));
	}

	@Test
	void deleteHidesTheResourceButKeepsItsHistory() {
		String id = create("Patient", patient(unique("Delete")));

		fhir().delete("/Patient/" + id).then().statusCode(200);

		fhir().get("/Patient/" + id).then().statusCode(410);
		fhir().get("/Patient/" + id + "/_history").then().statusCode(200).body("total", equalTo(2));
	}

	@Test
	void conditionalCreateReturnsTheExistingResourceInsteadOfADuplicate() {
		String value = unique("cond");
		String body = patient(value);
		String first = fhir().header("If-None-Exist", "identifier=urn:careplan:test|" + value).body(body)
			.post("/Patient").then().statusCode(201).extract().path("id");

		String second = fhir().header("If-None-Exist", "identifier=urn:careplan:test|" + value).body(body)
			.post("/Patient").then().statusCode(200).extract().path("id");

		assertThat(second).isEqualTo(first);
	}

	@Test
	void conditionalUpdateCreatesThenUpdatesByIdentifier() {
		String value = unique("upsert");
		String url = "/Patient?identifier=urn:careplan:test|" + value;

		String id = fhir().body(patient(value)).put(url).then().statusCode(201).extract().path("id");
		fhir().body(patient(value).replace("\"female\"", "\"other\"")).put(url).then().statusCode(200)
			.body("id", equalTo(id)).body("gender", equalTo("other"));
	}

	@Test
	void conditionalDeleteRemovesTheMatch() {
		String value = unique("conddel");
		String id = create("Patient", patient(value));

		fhir().delete("/Patient?identifier=urn:careplan:test|" + value).then().statusCode(200);

		fhir().get("/Patient/" + id).then().statusCode(410);
	}

	@Test
	void staleIfMatchIsPreconditionFailedAndNothingChanges() {
		String id = create("Patient", patient(unique("IfMatch")));
		String update = patient("Changed").replace("\"resourceType\":\"Patient\",",
				"\"resourceType\":\"Patient\",\"id\":\"" + id + "\",");
		fhir().header("If-Match", "W/\"1\"").body(update).put("/Patient/" + id).then().statusCode(200);

		fhir().header("If-Match", "W/\"1\"").body(update.replace("Changed", "Lost")).put("/Patient/" + id)
			.then().statusCode(412).body("issue[0].diagnostics", containsString("no longer the current one"));
		fhir().header("If-Match", "W/\"1\"").contentType("application/json-patch+json")
			.body("[{\"op\":\"replace\",\"path\":\"/gender\",\"value\":\"male\"}]").patch("/Patient/" + id)
			.then().statusCode(412);
		fhir().body("""
				{"resourceType":"Bundle","type":"transaction","entry":[{"resource":%s,
				 "request":{"method":"PUT","url":"Patient/%s","ifMatch":"W/\\"1\\""}}]}""".formatted(update.replace("Changed", "Lost"), id))
			.post("/").then().statusCode(412);

		fhir().get("/Patient/" + id).then().body("meta.versionId", equalTo("2")).body("name[0].family", equalTo("Changed"))
			.body("gender", equalTo("female"));
	}

	@Test
	void ifNoneMatchStarOnAnUpdateWritesOnlyWhatDoesNotExistYet() {
		String id = unique("inm").toLowerCase();
		String body = patient("First").replace("\"resourceType\":\"Patient\",", "\"resourceType\":\"Patient\",\"id\":\"" + id + "\",");
		fhir().header("If-None-Match", "*").body(body).put("/Patient/" + id).then().statusCode(201);

		fhir().header("If-None-Match", "*").body(body.replace("First", "Second")).put("/Patient/" + id).then().statusCode(412)
			.body("issue[0].diagnostics", containsString("does not exist"));
		fhir().body("""
				{"resourceType":"Bundle","type":"transaction","entry":[{"resource":%s,
				 "request":{"method":"PUT","url":"Patient/%s","ifNoneMatch":"*"}}]}""".formatted(body.replace("First", "Third"), id))
			.post("/").then().statusCode(412);
		fhir().header("If-None-Match", "W/\"1\"").body(body).put("/Patient/" + id).then().statusCode(400)
			.body("issue[0].diagnostics", containsString("only '*'"));

		fhir().get("/Patient/" + id).then().body("meta.versionId", equalTo("1")).body("name[0].family", equalTo("First"));
	}

	@Test
	void aClientMayNotAssignAnAllNumericIdBecauseTheServerAssignsThose() {
		fhir().body("{\"resourceType\":\"Patient\",\"id\":\"987654321\"}").put("/Patient/987654321").then().statusCode(400)
			.body("issue[0].diagnostics", containsString("at least one non-numeric character"));
		assertThat(database.queryForObject("SELECT count(*) FROM hfj_resource WHERE fhir_id = '987654321'", Long.class)).isZero();
	}

	@Test
	void aPatchThatWouldStoreANulCharacterIsABadRequestNamingTheElement() {
		String id = create("Patient", patient(unique("Nul")));
		fhir().contentType("application/json-patch+json")
			.body("[{\"op\":\"add\",\"path\":\"/name/0/given/0\",\"value\":\"a\\u0000b\"}]").patch("/Patient/" + id)
			.then().statusCode(400).body("issue[0].diagnostics", containsString("Patient.name.given"))
			.body("issue[0].diagnostics", containsString("U+0000"));
		fhir().get("/Patient/" + id).then().body("meta.versionId", equalTo("1"));
	}

	@Test
	void historyRightAfterAnUpdateHoldsEveryVersionAndTheRightTotal() {
		String id = create("Patient", patient(unique("HistoryCount")));
		fhir().get("/Patient/" + id + "/_history").then().body("total", equalTo(1));
		int typeTotal = fhir().get("/Patient/_history?_count=1").then().extract().path("total");
		String update = patient("Updated").replace("\"resourceType\":\"Patient\",",
				"\"resourceType\":\"Patient\",\"id\":\"" + id + "\",");
		fhir().body(update).put("/Patient/" + id).then().statusCode(200);

		fhir().get("/Patient/" + id + "/_history").then().statusCode(200).body("total", equalTo(2))
			.body("entry.resource.meta.versionId", org.hamcrest.Matchers.containsInAnyOrder("1", "2"));
		int typeTotalAfter = fhir().get("/Patient/_history?_count=1").then().extract().path("total");
		assertThat(typeTotalAfter).isGreaterThanOrEqualTo(typeTotal + 1);
	}

	@Test
	void preferHeaderChoosesWhatAWriteReturns() {
		fhir().header("Prefer", "return=minimal").body(patient(unique("Minimal"))).post("/Patient").then()
			.statusCode(201).header("Location", notNullValue()).body(emptyOrNullString());
		fhir().header("Prefer", "return=representation").body(patient(unique("Repr"))).post("/Patient").then()
			.statusCode(201).body("resourceType", equalTo("Patient"));
		fhir().header("Prefer", "return=OperationOutcome").body(patient(unique("Outcome"))).post("/Patient").then()
			.statusCode(201).body("resourceType", equalTo("OperationOutcome"));
	}

	@Test
	void historyIsAvailableForInstanceTypeAndSystem() {
		String id = create("Patient", patient(unique("History")));

		fhir().get("/Patient/" + id + "/_history").then().statusCode(200).body("type", equalTo("history"))
			.body("total", equalTo(1));
		fhir().get("/Patient/_history?_count=5").then().statusCode(200).body("type", equalTo("history"))
			.body("entry.size()", equalTo(5));
		fhir().get("/_history?_count=1").then().statusCode(200).body("type", equalTo("history"))
			.body("entry.size()", equalTo(1));
	}

	@Test
	void metaOperationsReadAndAddTags() {
		String id = create("Patient", patient(unique("Meta")));
		String tag = """
				{"resourceType":"Parameters","parameter":[{"name":"meta","valueMeta":{"tag":[
				 {"system":"urn:careplan:tags","code":"reviewed"}]}}]}
				""";

		fhir().body(tag).post("/Patient/" + id + "/$meta-add").then().statusCode(200);

		fhir().get("/Patient/" + id + "/$meta").then().statusCode(200)
			.body("parameter[0].valueMeta.tag[0].code", equalTo("reviewed"));
	}

	@Test
	void capabilityStatementDescribesTheServerInJsonAndXml() {
		fhir().get("/metadata").then().statusCode(200).body("resourceType", equalTo("CapabilityStatement"))
			.body("fhirVersion", equalTo("4.0.1"))
			.body("software.name", equalTo("Careplan FHIR Server"))
			.body("rest[0].resource.find { it.type == 'CarePlan' }.interaction.code",
					org.hamcrest.Matchers.hasItems("read", "vread", "create", "update", "patch", "delete",
							"history-instance", "search-type"));
		fhir().accept("application/fhir+xml").get("/metadata").then().statusCode(200)
			.body(containsString("<CapabilityStatement"));
	}

}
