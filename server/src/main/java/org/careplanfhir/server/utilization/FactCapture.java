package org.careplanfhir.server.utilization;

import java.util.HashSet;
import java.util.Set;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

import org.careplanfhir.server.utilization.FactRows.Case;
import org.careplanfhir.server.utilization.FactRows.CoverageRow;
import org.careplanfhir.server.utilization.FactRows.GoalRow;
import org.careplanfhir.server.utilization.FactRows.PlanGoal;
import org.careplanfhir.server.utilization.FactRows.Referral;
import org.careplanfhir.server.utilization.FactRows.ReferralTask;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * Keeps the summary tables in step with every write of a counted type, in the writing transaction.
 * Registered with HAPI's global interceptor service, so that writes made outside a request (a
 * transaction's entries, a referral's care team kept in step, a package) are counted too. A change
 * of coverage tells the payer's derived attribution Groups, which are kept in a table of their own.
 */
@Interceptor
class FactCapture {

	static final Set<String> COUNTED = Set.of("ServiceRequest", "Task", "EpisodeOfCare", "Coverage", "Goal", "CarePlan",
			"Group");

	private final UtilizationFacts facts;

	private final PayerGroups payerGroups;

	FactCapture(UtilizationFacts facts, PayerGroups payerGroups) {
		this.facts = facts;
		this.payerGroups = payerGroups;
	}

	@Hook(value = Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED, order = RequestPipeline.BOOKKEEPING)
	public void created(IBaseResource resource) {
		keep(resource);
	}

	@Hook(value = Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED, order = RequestPipeline.BOOKKEEPING)
	public void updated(IBaseResource previous, IBaseResource resource) {
		keep(resource);
	}

	@Hook(value = Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED, order = RequestPipeline.BOOKKEEPING)
	public void deleted(IBaseResource resource) {
		if (COUNTED.contains(resource.fhirType())) {
			payerGroups.refresh(facts.forget(resource.fhirType(), resource.getIdElement().getIdPart()));
		}
	}

	void keep(IBaseResource resource) {
		if (resource instanceof ServiceRequest request) {
			facts.keep(Referral.of(request));
		}
		else if (resource instanceof Task task) {
			ReferralTask referral = ReferralTask.of(task);
			if (referral != null) {
				facts.keep(referral);
			}
			else {
				facts.forget("Task", task.getIdElement().getIdPart());
			}
		}
		else if (resource instanceof EpisodeOfCare episode) {
			facts.keep(Case.of(episode));
		}
		else if (resource instanceof Coverage coverage) {
			payerGroups.refresh(new HashSet<>(facts.keep(CoverageRow.of(coverage))));
		}
		else if (resource instanceof Goal goal) {
			facts.keep(GoalRow.of(goal));
		}
		else if (resource instanceof CarePlan plan) {
			facts.keepPlan(plan.getIdElement().getIdPart(), PlanGoal.of(plan));
		}
		else if (resource instanceof Group group) {
			facts.keepFollower(group.getIdElement().getIdPart(), PayerGroups.payerFollowed(group));
		}
	}

}
