package org.careplanfhir.server.conformance;

import java.util.Map;

import org.careplanfhir.server.StandaloneServer;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** {@code careplan.validation.unknown-profile=reject}: a claim the server cannot check is refused. */
class UnknownProfileRejectedIntegrationTests {

	@Test
	void aClaimOfAnUnknownProfileIsRefusedAndNothingIsStored() {
		try (StandaloneServer server = StandaloneServer.start(StandaloneServer.newDataDirectory(),
				Map.of("careplan.validation.unknown-profile", "reject"))) {
			String family = "Unchecked" + System.nanoTime();
			server.fhir()
				.body("{\"resourceType\":\"Patient\",\"meta\":{\"profile\":[\"http://example.org/no-such-profile\"]},"
						+ "\"name\":[{\"family\":\"" + family + "\"}]}")
				.post("/Patient")
				.then()
				.statusCode(422)
				.body("issue.diagnostics", hasItem(containsString("http://example.org/no-such-profile")))
				.body("issue.expression.flatten()", hasItem("Patient.meta.profile"));
			server.fhir().get("/Patient?family=" + family + "&_summary=count").then().body("total", equalTo(0));
		}
	}

}
