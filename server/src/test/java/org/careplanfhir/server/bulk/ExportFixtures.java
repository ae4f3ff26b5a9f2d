package org.careplanfhir.server.bulk;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The resources the bulk export tests store, as JSON. */
final class ExportFixtures {

	private ExportFixtures() {
	}

	static String patient(String family, String gender) {
		return """
				{"resourceType":"Patient","name":[{"family":"%s","given":["Ada"]}],"gender":"%s"}""".formatted(family, gender);
	}

	static String carePlan(String patient) {
		return """
				{"resourceType":"CarePlan","status":"active","intent":"plan","subject":{"reference":"Patient/%s"}}"""
			.formatted(patient);
	}

	static String referral(String patient) {
		return """
				{"resourceType":"ServiceRequest","status":"active","intent":"order","subject":{"reference":"Patient/%s"}}"""
			.formatted(patient);
	}

	static String referralTask(String patient, String referral) {
		return """
				{"resourceType":"Task","status":"requested","intent":"order","for":{"reference":"Patient/%s"},
				 "focus":{"reference":"ServiceRequest/%s"},"authoredOn":"2026-11-30"}""".formatted(patient, referral);
	}

	/** A group of these patients. */
	static String group(String... patients) {
		String members = Arrays.stream(patients)
			.map(patient -> "{\"entity\":{\"reference\":\"Patient/" + patient + "\"}}")
			.collect(Collectors.joining(","));
		return "{\"resourceType\":\"Group\",\"type\":\"person\",\"actual\":true,\"member\":[" + members + "]}";
	}

}
