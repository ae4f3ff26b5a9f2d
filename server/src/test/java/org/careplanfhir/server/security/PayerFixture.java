package org.careplanfhir.server.security;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.restassured.specification.RequestSpecification;
import org.careplanfhir.server.AdminApi;
import org.careplanfhir.server.TestTokens;

/**
 * Two payers over the two patients of a {@link CaseloadFixture}: A is payer 1's member and B payer
 * 2's, each payer with an attribution Group and a stored MeasureReport of its own; a client bound
 * to payer 1 is registered through the admin API.
 */
final class PayerFixture {

	static final String SCOPES = "system/*.rs system/Group.cruds system/MeasureReport.cruds";

	String payer1, payer2, coverageA, coverageB, groupOf1, groupOf2, reportOf1, reportOf2, client;

	private PayerFixture() {
	}

	static PayerFixture create(CaseloadFixture data, Supplier<RequestSpecification> fhir) {
		PayerFixture f = new PayerFixture();
		f.payer1 = store(fhir, "Organization", "{\"resourceType\":\"Organization\",\"name\":\"Payer one " + data.suffix + "\"}");
		f.payer2 = store(fhir, "Organization", "{\"resourceType\":\"Organization\",\"name\":\"Payer two " + data.suffix + "\"}");
		f.coverageA = store(fhir, "Coverage", coverage(data.patientA, f.payer1));
		f.coverageB = store(fhir, "Coverage", coverage(data.patientB, f.payer2));
		f.groupOf1 = store(fhir, "Group", group(f.payer1, data.patientA));
		f.groupOf2 = store(fhir, "Group", group(f.payer2, data.patientB));
		f.reportOf1 = store(fhir, "MeasureReport", report(f.payer1, data.patientA));
		f.reportOf2 = store(fhir, "MeasureReport", report(f.payer2, data.patientB));
		f.client = "payer-one-" + data.suffix;
		AdminApi.registerClient(f.client, Map.of("authMethod", "client_secret_basic", "secret", f.client + "-secret", "scopes",
				List.of(SCOPES.split(" ")), "payer", "Organization/" + f.payer1));
		return f;
	}

	String token(int port) {
		return TestTokens.clientCredentials(port, client, client + "-secret", SCOPES).value();
	}

	private static String coverage(String patient, String payer) {
		return "{\"resourceType\":\"Coverage\",\"status\":\"active\",\"beneficiary\":{\"reference\":\"Patient/" + patient
				+ "\"},\"payor\":[{\"reference\":\"Organization/" + payer + "\"}]}";
	}

	private static String group(String payer, String patient) {
		return "{\"resourceType\":\"Group\",\"type\":\"person\",\"actual\":true,\"managingEntity\":{\"reference\":\"Organization/"
				+ payer + "\"},\"member\":[{\"entity\":{\"reference\":\"Patient/" + patient + "\"}}]}";
	}

	/** A stored report of the payer's, naming its member as subject. */
	private static String report(String payer, String patient) {
		return "{\"resourceType\":\"MeasureReport\",\"extension\":[{\"url\":"
				+ "\"http://careplan-fhir.org/fhir/StructureDefinition/cm-report-payer\",\"valueReference\":{\"reference\":"
				+ "\"Organization/" + payer + "\"}}],\"status\":\"complete\",\"type\":\"individual\",\"measure\":"
				+ "\"http://example.org/fhir/Measure/fixture-measure\",\"subject\":{\"reference\":\"Patient/" + patient
				+ "\"},\"period\":{\"start\":\"2026-01-01\",\"end\":\"2026-12-31\"}}";
	}

	private static String store(Supplier<RequestSpecification> fhir, String type, String json) {
		return fhir.get().body(json).post("/" + type).then().statusCode(201).extract().path("id");
	}

}
