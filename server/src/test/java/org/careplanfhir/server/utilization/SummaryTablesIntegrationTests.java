package org.careplanfhir.server.utilization;

import java.util.List;
import java.util.Map;

import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The summary tables follow every write in its own transaction (an update, a delete, a failed
 * transaction that stores nothing), and are rebuilt from the stored records, row for row, when
 * they were built by other rules.
 */
class SummaryTablesIntegrationTests extends FhirServerTest {

	private static UtilizationDataset data;

	@Autowired
	private FactBackfill backfill;

	@BeforeEach
	void storeTheDatasetOnce() {
		if (data != null) {
			return;
		}
		data = UtilizationDataset.stored(FhirServerTest::fhir);
	}

	@Test
	void aReferralsRowFollowsItsUpdatesItsTasksAndItsDeletion() {
		String referral = data.referrals.get(0).id();
		assertThat(row(referral)).containsEntry("status", "active");
		String updated = fhir().get("/ServiceRequest/" + referral).then().statusCode(200).extract().asString()
			.replace("\"status\":\"active\"", "\"status\":\"revoked\"");
		fhir().body(updated).put("/ServiceRequest/" + referral).then().statusCode(200);
		assertThat(row(referral)).containsEntry("status", "revoked");

		// A completed task with units delivered: the referral's units used and first service follow it.
		String task = create("Task", "{\"resourceType\":\"Task\",\"status\":\"completed\",\"intent\":\"order\",\"code\":{\"coding\":"
				+ "[{\"system\":\"http://hl7.org/fhir/CodeSystem/task-code\",\"code\":\"fulfill\"}]},\"focus\":{\"reference\":"
				+ "\"ServiceRequest/" + referral + "\"},\"for\":{\"reference\":\"Patient/" + data.patient(0) + "\"},"
				+ "\"executionPeriod\":{\"start\":\"2030-12-30\"},\"output\":[{\"type\":{\"coding\":[{\"system\":"
				+ "\"http://careplan-fhir.org/fhir/CodeSystem/cm-measure\",\"code\":\"units-delivered\"}]},\"valueInteger\":3}]}");
		assertThat(row(referral).get("units_used").toString()).isEqualTo("3");
		assertThat(row(referral).get("first_service").toString()).isEqualTo("2030-12-30");
		// Deleted, it counts no more: the referral's own in-progress task, started the day it was authored, is first again.
		fhir().delete("/Task/" + task).then().statusCode(200);
		assertThat(row(referral)).containsEntry("units_used", null);
		assertThat(row(referral).get("first_service").toString()).isEqualTo("2031-01-01");

		// A transaction that fails stores no fact either.
		fhir().body("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":" + updated.replace(
				"\"status\":\"revoked\"", "\"status\":\"completed\"") + ",\"request\":{\"method\":\"PUT\",\"url\":\"ServiceRequest/"
				+ referral + "\"}},{\"resource\":{\"resourceType\":\"Goal\",\"id\":\"no-description-" + data.suffix
				+ "\",\"lifecycleStatus\":\"active\",\"subject\":{\"reference\":\"Patient/" + data.patient(0) + "\"}},"
				+ "\"request\":{\"method\":\"PUT\",\"url\":\"Goal/no-description-" + data.suffix + "\"}}]}")
			.post("/").then().statusCode(422);
		assertThat(row(referral)).containsEntry("status", "revoked");

		// A referral nothing points at is deleted, and its row with it.
		String alone = create("ServiceRequest", "{\"resourceType\":\"ServiceRequest\",\"status\":\"active\",\"intent\":\"order\","
				+ "\"subject\":{\"reference\":\"Patient/" + data.patient(1) + "\"},\"authoredOn\":\"2031-02-02\"}");
		assertThat(row(alone)).containsEntry("patient_id", data.patient(1));
		fhir().delete("/ServiceRequest/" + alone).then().statusCode(200);
		assertThat(database.queryForList("SELECT * FROM cp_referral_fact WHERE referral_id = ?", alone)).isEmpty();
	}

	/** A referral's row carries its case's specialty and its coverage's payer, whichever is written first or changes. */
	@Test
	void aReferralsSpecialtyAndPayerFollowItsCaseAndItsCoverage() {
		String referral = data.referrals.get(2).id();
		assertThat(row(referral)).containsEntry("specialty_code", data.specialtyOf(2)).containsEntry("payer", data.payerOf(2));
		String coverage = "u-cov2-" + data.suffix;
		fhir().body("{\"resourceType\":\"Coverage\",\"id\":\"" + coverage + "\",\"status\":\"active\",\"beneficiary\":"
				+ "{\"reference\":\"Patient/" + data.patient(2) + "\"},\"payor\":[{\"reference\":\"Organization/" + data.payerB
				+ "\"}]}").put("/Coverage/" + coverage).then().statusCode(200);
		assertThat(row(referral)).containsEntry("payer", "Organization/" + data.payerB);
		String episode = "u-case2-" + data.suffix;
		String changed = fhir().get("/EpisodeOfCare/" + episode).then().statusCode(200).extract().asString()
			.replace("\"code\":\"rehab-cm\",\"display\":\"Rehabilitation case management\"",
					"\"code\":\"nurse-cm\",\"display\":\"Nurse case management\"");
		fhir().body(changed).put("/EpisodeOfCare/" + episode).then().statusCode(200);
		assertThat(row(referral)).containsEntry("specialty_code", "nurse-cm");
	}

	@Test
	void tablesBuiltByOtherRulesAreRebuiltRowForRowFromTheStoredRecords() {
		List<Map<String, Object>> before = facts();
		assertThat(before).isNotEmpty();
		String follower = create("Group", "{\"resourceType\":\"Group\",\"type\":\"person\",\"actual\":true,"
				+ "\"characteristic\":[{\"code\":{\"coding\":[{\"system\":\"http://careplan-fhir.org/fhir/CodeSystem/cm-measure\","
				+ "\"code\":\"payer\"}]},\"valueReference\":{\"reference\":\"Organization/" + data.payerA + "\"},\"exclude\":false}]}");
		List<Map<String, Object>> followersBefore = database.queryForList("SELECT * FROM cp_payer_group ORDER BY group_id");
		assertThat(followersBefore).contains(Map.of("group_id", follower, "payer", "Organization/" + data.payerA));
		database.update("UPDATE cp_referral_fact SET status = 'scrambled' WHERE referral_id LIKE ?", "%" + data.suffix);
		database.update("UPDATE cp_fact_state SET version = version - 1");
		database.update("DELETE FROM cp_payer_group");
		backfill.buildIfStale();
		assertThat(facts()).isEqualTo(before);
		assertThat(database.queryForList("SELECT * FROM cp_payer_group ORDER BY group_id")).isEqualTo(followersBefore);
		assertThat(database.queryForObject("SELECT version FROM cp_fact_state WHERE name = 'facts'", Integer.class))
			.isEqualTo(FactBackfill.VERSION);
	}

	private List<Map<String, Object>> facts() {
		return database.queryForList("SELECT * FROM cp_referral_fact WHERE referral_id LIKE ? ORDER BY referral_id",
				"%" + data.suffix);
	}

	private Map<String, Object> row(String referral) {
		return database.queryForMap("SELECT * FROM cp_referral_fact WHERE referral_id = ?", referral);
	}

}
