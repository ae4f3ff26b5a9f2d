package org.careplanfhir.server.conformance;

import org.careplanfhir.server.conformance.rules.WorkflowRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

import org.careplanfhir.server.security.policy.CallerRights;

import org.springframework.stereotype.Component;

/**
 * cm-referral-sequence: a service request cannot become active while a goal it pertains to must wait
 * for a predecessor goal that is not achieved yet. In the rehabilitation scenario the OT referral
 * pertains to the dressing goal, whose predecessor is the PT walking goal: OT starts once walking is
 * achieved. Goals are judged with the writer's rights: a goal out of the writer's reach (another
 * patient's) is one that does not exist, and a goal the writer's scopes may not read is judged but
 * not described, so the answer never tells them what they could not read. Goals that cannot be read
 * (not stored yet, on another server) are not judged.
 */
@Component
class ReferralSequenceRule implements WorkflowRule {

	static final String RULE = "cm-referral-sequence";

	static final String PERTAINS_TO_GOAL = "http://hl7.org/fhir/StructureDefinition/resource-pertainsToGoal";

	static final String GOAL_RELATIONSHIP = "http://hl7.org/fhir/StructureDefinition/goal-relationship";

	private final DaoRegistry daoRegistry;

	private final CallerRights callerRights;

	ReferralSequenceRule(DaoRegistry daoRegistry, CallerRights callerRights) {
		this.daoRegistry = daoRegistry;
		this.callerRights = callerRights;
	}

	@Override
	public List<RuleViolation> check(RequestDetails caller, IBaseResource previous, IBaseResource resource) {
		if (!(resource instanceof ServiceRequest request) || !becomesActive(previous, request)) {
			return List.of();
		}
		List<RuleViolation> violations = new ArrayList<>();
		for (Extension pertains : request.getExtensionsByUrl(PERTAINS_TO_GOAL)) {
			if (!(pertains.getValue() instanceof Reference goalReference)) {
				continue;
			}
			readGoal(caller, goalReference).ifPresent(goal -> {
				for (Goal predecessor : predecessorsOf(caller, goal)) {
					if (!isAchieved(predecessor)) {
						violations.add(new RuleViolation(RULE, "ServiceRequest.status",
								describe(caller, goalReference, goal, predecessor)));
					}
				}
			});
		}
		return violations;
	}

	private String describe(RequestDetails caller, Reference goalReference, Goal goal, Goal predecessor) {
		if (!callerRights.maySee(caller, goal) || !callerRights.maySee(caller, predecessor)) {
			return "ServiceRequest cannot become active: it pertains to " + goalReference.getReference()
					+ ", which follows a goal that is not achieved (the token's scopes do not let it read which)";
		}
		return "ServiceRequest cannot become active: it pertains to " + goalReference.getReference()
				+ ", which follows " + predecessor.getIdElement().toUnqualifiedVersionless()
				+ ", and that goal is not achieved (achievementStatus: " + describe(predecessor.getAchievementStatus()) + ")";
	}

	private static boolean becomesActive(IBaseResource previous, ServiceRequest request) {
		boolean wasActive = previous instanceof ServiceRequest old
				&& old.getStatus() == ServiceRequest.ServiceRequestStatus.ACTIVE;
		return request.getStatus() == ServiceRequest.ServiceRequestStatus.ACTIVE && !wasActive;
	}

	private List<Goal> predecessorsOf(RequestDetails caller, Goal goal) {
		List<Goal> predecessors = new ArrayList<>();
		for (Extension relationship : goal.getExtensionsByUrl(GOAL_RELATIONSHIP)) {
			Extension type = relationship.getExtensionByUrl("type");
			Extension target = relationship.getExtensionByUrl("target");
			if (type != null && target != null && type.getValue() instanceof CodeableConcept concept
					&& concept.getCoding().stream().anyMatch(c -> "predecessor".equals(c.getCode()))
					&& target.getValue() instanceof Reference reference) {
				readGoal(caller, reference).ifPresent(predecessors::add);
			}
		}
		return predecessors;
	}

	private static boolean isAchieved(Goal goal) {
		return goal.getAchievementStatus().getCoding().stream().anyMatch(c -> "achieved".equals(c.getCode()));
	}

	private static String describe(CodeableConcept status) {
		return status.getCoding().stream().map(c -> c.getCode()).findFirst().orElse("none");
	}

	private Optional<Goal> readGoal(RequestDetails caller, Reference reference) {
		String literal = reference.getReference();
		if (literal == null || !literal.startsWith("Goal/")) {
			return Optional.empty();
		}
		IFhirResourceDao<Goal> goals = daoRegistry.getResourceDao(Goal.class);
		try {
			Goal goal = goals.read(reference.getReferenceElement().toVersionless(), new SystemRequestDetails());
			return callerRights.mayReach(caller, goal) ? Optional.of(goal) : Optional.empty();
		}
		catch (ResourceNotFoundException | ResourceGoneException e) {
			return Optional.empty();
		}
	}

}
