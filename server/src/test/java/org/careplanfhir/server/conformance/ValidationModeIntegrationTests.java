package org.careplanfhir.server.conformance;

import java.util.Map;

import org.careplanfhir.server.StandaloneServer;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.junit.jupiter.api.Test;

import static org.careplanfhir.server.conformance.CaseManagementExamples.example;
import static org.careplanfhir.server.conformance.CaseManagementExamples.json;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

/** The two non-default modes, each on a server of its own. */
class ValidationModeIntegrationTests {

	@Test
	void declaredOnlyModeValidatesResourcesAgainstTheProfilesTheyClaimAndNothingElse() {
		try (StandaloneServer server = StandaloneServer.start(StandaloneServer.newDataDirectory(),
				Map.of("careplan.validation.mode", "declared-only"))) {
			CaseManagementExamples.storeAll(server.fhir());
			CarePlan unclaimed = planWithoutPlanType();
			unclaimed.getMeta().getProfile().clear();
			server.fhir().body(json(unclaimed)).post("/CarePlan").then().statusCode(201);

			CarePlan claimed = planWithoutPlanType();
			server.fhir()
				.body(json(claimed))
				.post("/CarePlan")
				.then()
				.statusCode(422)
				.body("issue.diagnostics", hasItem(containsString("CarePlan.category:planType")));
		}
	}

	@Test
	void offModeStoresWhatProfilesWouldReject() {
		try (StandaloneServer server = StandaloneServer.start(StandaloneServer.newDataDirectory(),
				Map.of("careplan.validation.mode", "off"))) {
			CaseManagementExamples.storeAll(server.fhir());
			CareTeam noCaseManager = example("nurse-careteam");
			noCaseManager.setId((String) null);
			noCaseManager.getParticipant().remove(0);

			server.fhir().body(json(noCaseManager)).post("/CareTeam").then().statusCode(201);
			server.fhir().body(json(planWithoutPlanType())).post("/CarePlan").then().statusCode(201);
		}
	}

	private static CarePlan planWithoutPlanType() {
		CarePlan plan = example("nurse-careplan");
		plan.setId((String) null);
		plan.getCategory().removeIf(category -> category.hasCoding("http://snomed.info/sct", "773130005"));
		return plan;
	}

}
