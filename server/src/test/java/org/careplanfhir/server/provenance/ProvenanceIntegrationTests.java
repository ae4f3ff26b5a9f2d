package org.careplanfhir.server.provenance;

import java.time.Duration;
import java.util.List;

import io.restassured.path.json.JsonPath;
import org.careplanfhir.server.FhirServerTest;
import org.careplanfhir.server.TestTokens;
import org.careplanfhir.server.subscriptions.NotificationReceiver;
import org.careplanfhir.server.subscriptions.Subscriptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

class ProvenanceIntegrationTests extends FhirServerTest {

	@Test
	void createUpdateAndDeleteEachLeaveAProvenanceOfTheVersionWrittenNamingTheApp() {
		String patient = create("Patient", Subscriptions.patient("Provenanced"));
		String plan = create("CarePlan", Subscriptions.carePlan(patient, "draft"));
		fhir().body(Subscriptions.carePlan(patient, "active").replace("{\"resourceType\":\"CarePlan\",",
				"{\"resourceType\":\"CarePlan\",\"id\":\"" + plan + "\",")).put("/CarePlan/" + plan).then().statusCode(200);
		fhir().delete("/CarePlan/" + plan).then().statusCode(200);

		JsonPath provenances = fhir().get("/Provenance?target=CarePlan/" + plan + "&_count=10").then().statusCode(200)
			.body("total", equalTo(3)).extract().jsonPath();
		for (String[] expected : List.of(new String[] { "1", "CREATE" }, new String[] { "2", "UPDATE" },
				new String[] { "3", "DELETE" })) {
			String one = "entry.resource.find { it.target[0].reference == 'CarePlan/" + plan + "/_history/" + expected[0] + "' }";
			assertThat(provenances.getString(one + ".activity.coding[0].code")).as(expected[1]).isEqualTo(expected[1]);
			assertThat(provenances.getString(one + ".activity.coding[0].system"))
				.isEqualTo("http://terminology.hl7.org/CodeSystem/v3-DataOperation");
			assertThat(provenances.getString(one + ".recorded")).isNotNull();
			// A backend acting for no user: the app is the only agent.
			assertThat(provenances.getList(one + ".agent")).hasSize(1);
			assertThat(provenances.getString(one + ".agent[0].who.identifier.system")).isEqualTo("https://careplan-fhir.org/sid/oauth-client");
			assertThat(provenances.getString(one + ".agent[0].who.identifier.value")).isEqualTo(TestTokens.BACKEND);
			assertThat(provenances.getString(one + ".extension[0].valueReference.reference")).isEqualTo("Patient/" + patient);
		}
		fhir().get("/Provenance?patient=Patient/" + patient + "&_count=20").then().statusCode(200)
			.body("total", equalTo(4)); // the patient's own create, and the plan's three versions
	}

	@Test
	void aTransactionLeavesOneProvenancePerActivityAndKeepsTheClientsOwn() {
		String patient = create("Patient", Subscriptions.patient("Transacted"));
		String existingGoal = create("Goal", goal(patient, "Walk"));
		String transaction = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
				+ "{\"fullUrl\":\"urn:uuid:7f0c7d4e-0000-4000-8000-000000000001\",\"resource\":" + Subscriptions.carePlan(patient, "active")
				+ ",\"request\":{\"method\":\"POST\",\"url\":\"CarePlan\"}},"
				+ "{\"fullUrl\":\"urn:uuid:7f0c7d4e-0000-4000-8000-000000000002\",\"resource\":" + goal(patient, "Dress")
				+ ",\"request\":{\"method\":\"POST\",\"url\":\"Goal\"}},"
				+ "{\"resource\":" + goal(patient, "Walk further").replace("{\"resourceType\":\"Goal\",",
						"{\"resourceType\":\"Goal\",\"id\":\"" + existingGoal + "\",")
				+ ",\"request\":{\"method\":\"PUT\",\"url\":\"Goal/" + existingGoal + "\"}},"
				+ "{\"resource\":{\"resourceType\":\"Provenance\",\"target\":[{\"reference\":\"urn:uuid:7f0c7d4e-0000-4000-8000-000000000001\"}],"
				+ "\"recorded\":\"2026-11-30T10:00:00Z\",\"agent\":[{\"who\":{\"display\":\"Dr Source EHR\"}}]},"
				+ "\"request\":{\"method\":\"POST\",\"url\":\"Provenance\"}}]}";
		JsonPath response = fhir().body(transaction).post("/").then().statusCode(200).extract().jsonPath();
		String plan = response.getString("entry[0].response.location").split("/")[1];
		String newGoal = response.getString("entry[1].response.location").split("/")[1];

		JsonPath ours = fhir().get("/Provenance?patient=Patient/" + patient + "&_count=20").then()
			.statusCode(200).extract().jsonPath();
		String created = "entry.resource.find { it.activity?.coding?.getAt(0)?.code == 'CREATE' && it.target.size() == 2 }";
		assertThat(ours.getList(created + ".target.reference")).containsExactlyInAnyOrder("CarePlan/" + plan + "/_history/1",
				"Goal/" + newGoal + "/_history/1");
		String updated = "entry.resource.find { it.activity?.coding?.getAt(0)?.code == 'UPDATE' }";
		assertThat(ours.getList(updated + ".target.reference")).containsExactly("Goal/" + existingGoal + "/_history/2");
		// The client's own Provenance is stored as sent, pointing at the plan it created.
		fhir().get("/Provenance?target=CarePlan/" + plan).then().statusCode(200).body("total", equalTo(2))
			.body("entry.resource.find { it.agent[0].who.display == 'Dr Source EHR' }.target[0].reference",
					org.hamcrest.Matchers.startsWith("CarePlan/" + plan));
	}

	@Test
	void theServersOwnWritesLeaveNoProvenance() {
		try (NotificationReceiver receiver = new NotificationReceiver()) {
			String subscription = create("Subscription", Subscriptions.restHook(Subscriptions.GOALS,
					receiver.endpoint("own-writes"), "empty", List.of()));
			receiver.await("own-writes", NotificationReceiver.ofType("handshake"), 1, Duration.ofSeconds(15));
			Subscriptions.awaitStatus(FhirServerTest::fhir, subscription, "active", Duration.ofSeconds(15));
			// Version 2 is the server's (requested → active): only the client's version 1 has a Provenance.
			fhir().get("/Subscription/" + subscription).then().body("meta.versionId", equalTo("2"));
			fhir().get("/Provenance?target=Subscription/" + subscription).then().statusCode(200).body("total", equalTo(1))
				.body("entry[0].resource.target[0].reference", equalTo("Subscription/" + subscription + "/_history/1"));
		}
	}

	private static String goal(String patient, String description) {
		return "{\"resourceType\":\"Goal\",\"lifecycleStatus\":\"active\",\"description\":{\"text\":\"" + description
				+ "\"},\"subject\":{\"reference\":\"Patient/" + patient + "\"}}";
	}

}
