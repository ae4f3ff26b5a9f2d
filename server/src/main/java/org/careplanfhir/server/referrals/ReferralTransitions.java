package org.careplanfhir.server.referrals;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;

import org.careplanfhir.server.conformance.rules.WorkflowRule;
import org.careplanfhir.server.referrals.ReferralStates.Party;
import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.FhirAccessResolver;

import org.springframework.stereotype.Component;

/**
 * The referral Task's state machine ({@link ReferralStates}) as workflow rules, each broken rule a
 * 422 naming it:
 * <ul>
 * <li>{@code cm-referral-transition}: the move is one the state machine has;</li>
 * <li>{@code cm-referral-party}: the caller acts as the party whose move it is (the requester or
 * the owner, as themself, their role or their organization), and only the requester reassigns;</li>
 * <li>{@code cm-referral-reason}: rejected, cancelled, on-hold and failed say why ({@code statusReason});</li>
 * <li>{@code cm-referral-output}: a completed referral says what came of it ({@code output}).</li>
 * </ul>
 * A backend service acting for no user ({@code system/} scopes, an EHR or a CBO platform's
 * integration) is trusted to act for either party, and may load referrals that already exist in
 * any state, as they are; every move it makes afterwards follows the transitions and needs the
 * same reasons and output.
 */
@Component
class ReferralTransitions implements WorkflowRule {

	static final String TRANSITION = "cm-referral-transition";

	static final String PARTY = "cm-referral-party";

	static final String REASON = "cm-referral-reason";

	static final String OUTPUT = "cm-referral-output";

	private final FhirAccessResolver accessResolver;

	ReferralTransitions(FhirAccessResolver accessResolver) {
		this.accessResolver = accessResolver;
	}

	@Override
	public List<RuleViolation> check(RequestDetails request, IBaseResource previous, IBaseResource resource) {
		if (!ReferralStates.isReferral(resource)) {
			return List.of();
		}
		Task task = (Task) resource;
		Task before = previous instanceof Task old && ReferralStates.isReferral(old) ? old : null;
		FhirAccess access = accessResolver.of(request);
		boolean trusted = access.fhirUser() == null && access.isBackendService() && access.payer() == null;
		List<RuleViolation> violations = new ArrayList<>();
		TaskStatus status = task.getStatus();
		TaskStatus was = before == null ? null : before.getStatus();
		boolean moves = before == null || was != status;
		if (before == null) {
			if (!trusted && (status == null || !ReferralStates.FIRST.contains(status))) {
				violations.add(new RuleViolation(TRANSITION, "Task.status", "A referral starts as draft or requested, not "
						+ code(status) + " (only a backend service loading existing referrals may store them in a later state)"));
			}
			if (!trusted && !actsAs(access, task.getRequester())) {
				violations.add(new RuleViolation(PARTY, "Task.requester", "A referral is created by its requester: the"
						+ " token's user does not act as " + describe(task.getRequester())));
			}
		}
		else {
			if (moves && (status == null || !ReferralStates.next(was).contains(status))) {
				violations.add(new RuleViolation(TRANSITION, "Task.status", "A referral cannot move from " + code(was)
						+ " to " + code(status) + "; from " + code(was) + " it may move to "
						+ next(was)));
			}
			else if (!trusted && moves) {
				Party party = status == null ? Party.REQUESTER : ReferralStates.SET_BY.get(status);
				Reference who = party == Party.OWNER ? before.getOwner() : before.getRequester();
				if (!actsAs(access, who)) {
					violations.add(new RuleViolation(PARTY, "Task.status", "Only the " + party.name().toLowerCase()
							+ " (" + describe(who) + ") may set a referral to " + code(status)));
				}
			}
			if (!trusted && !moves && !actsAs(access, before.getRequester()) && !actsAs(access, before.getOwner())) {
				violations.add(new RuleViolation(PARTY, "Task", "Only the referral's requester (" + describe(before.getRequester())
						+ ") or owner (" + describe(before.getOwner()) + ") may change it"));
			}
			if (!trusted && (changed(before.getOwner(), task.getOwner()) || changed(before.getRequester(), task.getRequester()))
					&& !actsAs(access, before.getRequester())) {
				violations.add(new RuleViolation(PARTY, changed(before.getOwner(), task.getOwner()) ? "Task.owner" : "Task.requester",
						"Only the requester (" + describe(before.getRequester()) + ") may reassign a referral"));
			}
		}
		// A backend loading referrals that already exist stores them as they are; every move must say why.
		boolean loaded = trusted && before == null;
		if (moves && !loaded && status != null && ReferralStates.NEED_REASON.contains(status) && !task.hasStatusReason()) {
			violations.add(new RuleViolation(REASON, "Task.statusReason", "A referral set to " + code(status)
					+ " must say why in statusReason"));
		}
		if (moves && !loaded && status == TaskStatus.COMPLETED && !task.hasOutput()) {
			violations.add(new RuleViolation(OUTPUT, "Task.output", "A completed referral must say what came of it in output"
					+ " (the resulting encounter, procedure or report)"));
		}
		return violations;
	}

	private static boolean actsAs(FhirAccess access, Reference party) {
		return party != null && party.hasReferenceElement()
				&& access.actsAs(party.getReferenceElement().toUnqualifiedVersionless().getValue());
	}

	private static boolean changed(Reference before, Reference after) {
		return !Objects.equals(reference(before), reference(after));
	}

	private static String reference(Reference reference) {
		return reference == null || !reference.hasReferenceElement() ? null
				: reference.getReferenceElement().toUnqualifiedVersionless().getValue();
	}

	private static String describe(Reference party) {
		String reference = reference(party);
		return reference == null ? "no one named" : reference;
	}

	private static String code(TaskStatus status) {
		return status == null ? "no status" : status.toCode();
	}

	private static String next(TaskStatus was) {
		List<String> codes = ReferralStates.next(was).stream().map(TaskStatus::toCode)
			.sorted().toList();
		return codes.isEmpty() ? "nothing" : String.join(", ", codes);
	}

}
