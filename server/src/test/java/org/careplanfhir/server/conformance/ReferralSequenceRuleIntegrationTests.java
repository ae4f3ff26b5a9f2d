package org.careplanfhir.server.conformance;

import org.careplanfhir.server.FhirServerTest;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.careplanfhir.server.conformance.CaseManagementExamples.example;
import static org.careplanfhir.server.conformance.CaseManagementExamples.json;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * The rehabilitation scenario's sequencing: occupational therapy starts once the physiotherapy goal
 * is achieved. Each test stores its own goals and referral, so it does not disturb the examples.
 */
class ReferralSequenceRuleIntegrationTests extends FhirServerTest {

	private String walkingGoalId;

	private String dressingGoalId;

	@BeforeEach
	void storeGoalsWhereDressingFollowsWalking() {
		// The goals' patient, practitioners and the rest of the rehabilitation scenario.
		CaseManagementExamples.storeAllOnce(fhir());
		Goal walking = example("rehab-goal-walking");
		walking.setId((String) null);
		walkingGoalId = create("Goal", json(walking));
		Goal dressing = example("rehab-goal-dressing");
		dressing.setId((String) null);
		Extension relationship = dressing.getExtensionByUrl(ReferralSequenceRule.GOAL_RELATIONSHIP);
		relationship.getExtensionByUrl("target").setValue(new Reference("Goal/" + walkingGoalId));
		dressingGoalId = create("Goal", json(dressing));
	}

	@Test
	void otReferralCannotBecomeActiveWhileThePtGoalIsNotAchieved() {
		String referralId = create("ServiceRequest", json(otReferral(ServiceRequestStatus.ONHOLD)));
		ServiceRequest activated = otReferral(ServiceRequestStatus.ACTIVE);
		activated.setId(referralId);

		fhir().body(json(activated))
			.put("/ServiceRequest/" + referralId)
			.then()
			.statusCode(422)
			.body("issue.find { it.code == 'business-rule' }.diagnostics", containsString("cm-referral-sequence"))
			.body("issue.find { it.code == 'business-rule' }.diagnostics", containsString("Goal/" + walkingGoalId))
			.body("issue.find { it.code == 'business-rule' }.expression[0]", equalTo("ServiceRequest.status"));

		fhir().get("/ServiceRequest/" + referralId).then().body("status", equalTo("on-hold")).body("meta.versionId", equalTo("1"));
	}

	@Test
	void otReferralCannotBeCreatedActiveBeforeThePtGoalIsAchieved() {
		long before = storedCount("ServiceRequest");

		fhir().body(json(otReferral(ServiceRequestStatus.ACTIVE)))
			.post("/ServiceRequest")
			.then()
			.statusCode(422)
			.body("issue.diagnostics", hasItem(containsString("cm-referral-sequence")));

		assertThat(storedCount("ServiceRequest")).isEqualTo(before);
	}

	@Test
	void otReferralBecomesActiveOnceThePtGoalIsAchieved() {
		String referralId = create("ServiceRequest", json(otReferral(ServiceRequestStatus.ONHOLD)));
		Goal walking = CaseManagementExamples.FHIR.newJsonParser()
			.parseResource(Goal.class, fhir().get("/Goal/" + walkingGoalId).asString());
		walking.setLifecycleStatus(Goal.GoalLifecycleStatus.COMPLETED);
		walking.setAchievementStatus(new CodeableConcept().addCoding(
				new Coding("http://terminology.hl7.org/CodeSystem/goal-achievement", "achieved", "Achieved")));
		fhir().body(json(walking)).put("/Goal/" + walkingGoalId).then().statusCode(200);
		ServiceRequest activated = otReferral(ServiceRequestStatus.ACTIVE);
		activated.setId(referralId);

		fhir().body(json(activated)).put("/ServiceRequest/" + referralId).then().statusCode(200);

		fhir().get("/ServiceRequest/" + referralId).then().body("status", equalTo("active"));
	}

	@Test
	void ptReferralWithNoPredecessorGoalIsActiveFromTheStart() {
		ServiceRequest pt = example("rehab-pt-referral");
		pt.setId((String) null);
		pt.getExtensionByUrl(ReferralSequenceRule.PERTAINS_TO_GOAL).setValue(new Reference("Goal/" + walkingGoalId));

		fhir().body(json(pt)).post("/ServiceRequest").then().statusCode(201);
	}

	private ServiceRequest otReferral(ServiceRequestStatus status) {
		ServiceRequest ot = example("rehab-ot-referral");
		ot.setId((String) null);
		ot.getExtensionByUrl(ReferralSequenceRule.PERTAINS_TO_GOAL).setValue(new Reference("Goal/" + dressingGoalId));
		ot.setStatus(status);
		return ot;
	}

}
