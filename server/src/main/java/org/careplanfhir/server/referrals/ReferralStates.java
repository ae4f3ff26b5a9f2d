package org.careplanfhir.server.referrals;

import java.util.Map;
import java.util.Set;

import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;

import static org.hl7.fhir.r4.model.Task.TaskStatus.ACCEPTED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.CANCELLED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.COMPLETED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.DRAFT;
import static org.hl7.fhir.r4.model.Task.TaskStatus.ENTEREDINERROR;
import static org.hl7.fhir.r4.model.Task.TaskStatus.FAILED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.INPROGRESS;
import static org.hl7.fhir.r4.model.Task.TaskStatus.ONHOLD;
import static org.hl7.fhir.r4.model.Task.TaskStatus.READY;
import static org.hl7.fhir.r4.model.Task.TaskStatus.RECEIVED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.REJECTED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.REQUESTED;

/**
 * A referral Task's states and who moves it between them. The requester drafts, requests, cancels
 * and withdraws as entered in error; the owner receives, accepts or rejects, starts, holds, fails
 * and completes. A finished referral (completed, failed, rejected, cancelled) changes no more,
 * except to be marked entered in error.
 */
final class ReferralStates {

	static final String TASK_CODES = "http://hl7.org/fhir/CodeSystem/task-code";

	/** Whose move a status is. */
	enum Party {
		REQUESTER, OWNER
	}

	/** Who sets each status. */
	static final Map<TaskStatus, Party> SET_BY = Map.ofEntries(Map.entry(DRAFT, Party.REQUESTER),
			Map.entry(REQUESTED, Party.REQUESTER), Map.entry(CANCELLED, Party.REQUESTER),
			Map.entry(ENTEREDINERROR, Party.REQUESTER), Map.entry(RECEIVED, Party.OWNER), Map.entry(ACCEPTED, Party.OWNER),
			Map.entry(REJECTED, Party.OWNER), Map.entry(READY, Party.OWNER), Map.entry(INPROGRESS, Party.OWNER),
			Map.entry(ONHOLD, Party.OWNER), Map.entry(FAILED, Party.OWNER), Map.entry(COMPLETED, Party.OWNER));

	/** From each status, the statuses a referral may move to. */
	static final Map<TaskStatus, Set<TaskStatus>> NEXT = Map.ofEntries(
			Map.entry(DRAFT, Set.of(REQUESTED, CANCELLED, ENTEREDINERROR)),
			Map.entry(REQUESTED, Set.of(RECEIVED, ACCEPTED, REJECTED, CANCELLED, ENTEREDINERROR)),
			Map.entry(RECEIVED, Set.of(ACCEPTED, REJECTED, CANCELLED, ENTEREDINERROR)),
			Map.entry(ACCEPTED, Set.of(READY, INPROGRESS, ONHOLD, COMPLETED, FAILED, CANCELLED, ENTEREDINERROR)),
			Map.entry(READY, Set.of(INPROGRESS, ONHOLD, COMPLETED, FAILED, CANCELLED, ENTEREDINERROR)),
			Map.entry(INPROGRESS, Set.of(ONHOLD, COMPLETED, FAILED, CANCELLED, ENTEREDINERROR)),
			Map.entry(ONHOLD, Set.of(INPROGRESS, FAILED, CANCELLED, ENTEREDINERROR)),
			Map.entry(COMPLETED, Set.of(ENTEREDINERROR)), Map.entry(FAILED, Set.of(ENTEREDINERROR)),
			Map.entry(REJECTED, Set.of(ENTEREDINERROR)), Map.entry(CANCELLED, Set.of(ENTEREDINERROR)),
			Map.entry(ENTEREDINERROR, Set.of()));

	/** States that need a reason ({@code statusReason}) when a referral enters them. */
	static final Set<TaskStatus> NEED_REASON = Set.of(REJECTED, CANCELLED, ONHOLD, FAILED);

	/** The states a referral may be created in by a user: the requester's first moves. */
	static final Set<TaskStatus> FIRST = Set.of(DRAFT, REQUESTED);

	/** The owner works on the referral: it belongs on the care team. */
	static final Set<TaskStatus> OWNER_ON_TEAM = Set.of(ACCEPTED, READY, INPROGRESS, ONHOLD);

	/** The owner's part is over. */
	static final Set<TaskStatus> OWNER_DONE = Set.of(COMPLETED, FAILED, CANCELLED, ENTEREDINERROR);

	private ReferralStates() {
	}

	/** Whether the owner belongs on the team in this state (false for none). */
	static boolean onTeam(TaskStatus status) {
		return status != null && OWNER_ON_TEAM.contains(status);
	}

	/** Whether the owner's part is over in this state (false for none). */
	static boolean done(TaskStatus status) {
		return status != null && OWNER_DONE.contains(status);
	}

	/** Where a referral may move from this state; nowhere from none. */
	static Set<TaskStatus> next(TaskStatus status) {
		return status == null ? Set.of() : NEXT.getOrDefault(status, Set.of());
	}

	/** A referral Task: one that fulfils a request ({@code code} fulfill). */
	static boolean isReferral(Object resource) {
		return resource instanceof Task task && task.getCode().getCoding().stream()
			.anyMatch(coding -> TASK_CODES.equals(coding.getSystem()) && "fulfill".equals(coding.getCode()));
	}

}
