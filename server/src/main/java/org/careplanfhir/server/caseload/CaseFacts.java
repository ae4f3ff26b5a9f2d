package org.careplanfhir.server.caseload;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;

import org.careplanfhir.server.caseload.ActiveCases.ActiveCase;

/**
 * What one case needs from its case manager, judged from its records on a given day: the goals past
 * their target date and those at risk, the referrals waiting on someone, the authorisations still
 * pending, whether the person is covered, when they were last in contact; and from these its
 * urgency (see {@link #urgency()}).
 */
final class CaseFacts {

	static final String CM = "http://careplan-fhir.org/fhir/";

	static final String SPECIALTY_SYSTEM = CM + "CodeSystem/cm-specialty";

	static final String ACUITY_SYSTEM = CM + "CodeSystem/cm-acuity";

	static final String ACUITY_EXTENSION = CM + "StructureDefinition/cm-acuity";

	static final String PHASE_EXTENSION = CM + "StructureDefinition/cm-case-phase";

	static final String REFERRAL_TASK = "fulfill";

	static final String AUTHORIZATION_TASK = "approve";

	/** Achievement statuses that say a goal has been reached. */
	private static final Set<String> REACHED = Set.of("achieved", "sustaining");

	/** Achievement statuses that say a goal is slipping. */
	private static final Set<String> SLIPPING = Set.of("worsening", "no-change", "no-progress", "not-attainable",
			"not-achieved");

	/** A referral waiting for its receiving provider to accept or decline it. */
	private static final Set<String> UNANSWERED = Set.of("requested", "received", "ready");

	private static final List<String> ACUITY_ORDER = List.of("low", "moderate", "high", "complex");

	final ActiveCase activeCase;

	final Patient patient;

	final CarePlan plan;

	final List<Goal> overdueGoals = new ArrayList<>();

	final List<Goal> goalsAtRisk = new ArrayList<>();

	final List<Task> referralsAwaiting = new ArrayList<>();

	final List<Task> authorizationsPending = new ArrayList<>();

	final Coverage coverage;

	/** {@code active}, {@code expired} or {@code none}; null when the caller does not read coverage. */
	final String coverageStatus;

	/** The last contact, or null when there was none or the caller does not see contacts. */
	final Instant lastContact;

	final boolean contactsShown;

	final boolean goalsShown;

	final boolean tasksShown;

	final boolean quiet;

	CaseFacts(ActiveCase activeCase, CaseRecords records, Visibility visibility, CaseloadProperties rules, Instant now,
			ZoneId zone) {
		this.activeCase = activeCase;
		String patientId = activeCase.patient();
		LocalDate today = now.atZone(zone).toLocalDate();
		this.patient = records.patients.get(patientId);
		List<CarePlan> patientPlans = records.of(records.plans, patientId);
		this.plan = planOf(activeCase, patientPlans);
		Set<String> planned = referencesOf(patientPlans, CarePlan::getGoal);
		Set<String> thisPlan = plan == null ? Set.of() : referencesOf(List.of(plan), CarePlan::getGoal);
		for (Goal goal : records.of(records.goals, patientId)) {
			String reference = "Goal/" + goal.getIdElement().getIdPart();
			// A goal of another of the person's plans belongs to that plan's case.
			if (planned.contains(reference) && !thisPlan.contains(reference)) {
				continue;
			}
			judge(goal, today, rules.dueSoon());
		}
		Set<String> activities = plan == null ? Set.of() : plan.getActivity().stream()
			.map(activity -> activity.getReference().getReferenceElement().toUnqualifiedVersionless().getValue())
			.collect(Collectors.toSet());
		Set<String> otherActivities = patientPlans.stream().filter(other -> other != plan)
			.flatMap(other -> other.getActivity().stream())
			.map(activity -> activity.getReference().getReferenceElement().toUnqualifiedVersionless().getValue())
			.collect(Collectors.toSet());
		for (Task task : records.of(records.tasks, patientId)) {
			String focus = task.getFocus().getReferenceElement().toUnqualifiedVersionless().getValue();
			if (otherActivities.contains(focus) && !activities.contains(focus)) {
				continue;
			}
			judge(task, now, rules.stalledAfter());
		}
		List<Coverage> coverages = records.of(records.coverages, patientId);
		if (visibility.shows("Coverage", patientId)) {
			Optional<Coverage> current = coverages.stream().filter(c -> !ended(c, now)).findFirst();
			this.coverage = current.orElse(coverages.isEmpty() ? null : coverages.get(0));
			this.coverageStatus = current.isPresent() ? "active" : coverages.isEmpty() ? "none" : "expired";
		}
		else {
			this.coverage = null;
			this.coverageStatus = null;
		}
		this.goalsShown = visibility.shows("Goal", patientId);
		this.tasksShown = visibility.shows("Task", patientId);
		this.contactsShown = CaseRecords.contactsShown(visibility, patientId);
		this.lastContact = records.lastContacts.get(patientId);
		this.quiet = contactsShown && (lastContact == null || lastContact.isBefore(now.minus(rules.quietAfter())));
	}

	/**
	 * The case's active plan: the one that names this case, else the one of the case's specialty
	 * that names no case. A person may have a plan per specialty, each in its own case.
	 */
	private static CarePlan planOf(ActiveCase activeCase, List<CarePlan> plans) {
		String episode = "EpisodeOfCare/" + activeCase.id();
		Optional<CarePlan> named = plans.stream()
			.filter(plan -> episode.equals(episodeOf(plan)))
			.max(Comparator.comparing(plan -> plan.getPeriod().getStart(), Comparator.nullsFirst(Comparator.naturalOrder())));
		if (named.isPresent()) {
			return named.get();
		}
		String specialty = code(activeCase.episode().getType(), SPECIALTY_SYSTEM);
		return plans.stream()
			.filter(plan -> episodeOf(plan) == null)
			.filter(plan -> specialty == null || specialty.equals(code(plan.getCategory(), SPECIALTY_SYSTEM)))
			.findFirst()
			.orElse(null);
	}

	private static String episodeOf(CarePlan plan) {
		Extension extension = plan.getExtensionByUrl(ActiveCases.EPISODE_EXTENSION);
		if (extension != null && extension.getValue() instanceof Reference reference) {
			return reference.getReferenceElement().toUnqualifiedVersionless().getValue();
		}
		return null;
	}

	private static Set<String> referencesOf(List<CarePlan> plans, Function<CarePlan, List<Reference>> field) {
		return plans.stream()
			.flatMap(plan -> field.apply(plan).stream())
			.map(reference -> reference.getReferenceElement().toUnqualifiedVersionless().getValue())
			.collect(Collectors.toSet());
	}

	/** Overdue: a target date has passed and the goal is not reached. At risk: slipping, or due soon and not improving. */
	private void judge(Goal goal, LocalDate today, Duration dueSoon) {
		String achievement = code(goal.hasAchievementStatus() ? List.of(goal.getAchievementStatus()) : List.of(), null);
		if (achievement != null && REACHED.contains(achievement)) {
			return;
		}
		LocalDate due = earliestDue(goal);
		if (due != null && due.isBefore(today)) {
			overdueGoals.add(goal);
		}
		else if (achievement != null && SLIPPING.contains(achievement)
				|| due != null && !due.isAfter(today.plusDays(dueSoon.toDays())) && !"improving".equals(achievement)) {
			goalsAtRisk.add(goal);
		}
	}

	static LocalDate earliestDue(Goal goal) {
		return goal.getTarget().stream()
			.filter(target -> target.hasDueDateType() && target.getDueDateType().getValue() != null)
			.map(target -> LocalDate.parse(target.getDueDateType().getValueAsString().substring(0, 10)))
			.min(Comparator.naturalOrder())
			.orElse(null);
	}

	/** A referral awaits action while unanswered, or once accepted and unchanged for too long. */
	private void judge(Task task, Instant now, Duration stalledAfter) {
		String status = task.getStatus().toCode();
		String code = code(List.of(task.getCode()), CaseRecords.TASK_CODES);
		if (AUTHORIZATION_TASK.equals(code)) {
			authorizationsPending.add(task);
		}
		else if (REFERRAL_TASK.equals(code)) {
			if (UNANSWERED.contains(status)) {
				referralsAwaiting.add(task);
			}
			else if ("accepted".equals(status) && lastChange(task).isBefore(now.minus(stalledAfter))) {
				referralsAwaiting.add(task);
			}
		}
	}

	private static Instant lastChange(Task task) {
		if (task.hasLastModified()) {
			return task.getLastModified().toInstant();
		}
		if (task.getMeta().hasLastUpdated()) {
			return task.getMeta().getLastUpdated().toInstant();
		}
		return Instant.EPOCH;
	}

	private static boolean ended(Coverage coverage, Instant now) {
		return coverage.hasPeriod() && coverage.getPeriod().hasEnd() && coverage.getPeriod().getEnd().toInstant().isBefore(now);
	}

	Coding specialty() {
		return coding(activeCase.episode().getType(), SPECIALTY_SYSTEM);
	}

	/** Whether any of the case's types is this case-management specialty (the {@code specialty} filter). */
	static boolean hasSpecialty(EpisodeOfCare episode, String specialty) {
		return episode.getType().stream().flatMap(type -> type.getCoding().stream())
			.anyMatch(coding -> SPECIALTY_SYSTEM.equals(coding.getSystem()) && specialty.equals(coding.getCode()));
	}

	Coding acuity() {
		return acuityOf(activeCase.episode());
	}

	static Coding acuityOf(EpisodeOfCare episode) {
		return extensionCoding(episode, ACUITY_EXTENSION);
	}

	Coding phase() {
		return extensionCoding(activeCase.episode(), PHASE_EXTENSION);
	}

	private static Coding extensionCoding(EpisodeOfCare episode, String url) {
		Extension extension = episode.getExtensionByUrl(url);
		if (extension != null && extension.getValue() instanceof CodeableConcept concept && concept.hasCoding()) {
			return concept.getCodingFirstRep();
		}
		return null;
	}

	private static Coding coding(List<CodeableConcept> concepts, String system) {
		return concepts.stream().flatMap(concept -> concept.getCoding().stream())
			.filter(coding -> system == null || system.equals(coding.getSystem()))
			.findFirst().orElse(null);
	}

	private static String code(List<CodeableConcept> concepts, String system) {
		Coding coding = coding(concepts, system);
		return coding == null ? null : coding.getCode();
	}

	/**
	 * How urgently the case needs its case manager, higher first: 3 for each overdue goal, 2 for each
	 * referral awaiting action, 1 for each goal at risk and each pending authorisation, 2 when the
	 * person has had no contact for {@code quiet-after} (or never), 2 when they have no current
	 * coverage, and the acuity's weight (low 0, moderate 1, high 2, complex 3).
	 */
	int urgency() {
		return 3 * overdueGoals.size() + 2 * referralsAwaiting.size() + goalsAtRisk.size() + authorizationsPending.size()
				+ (quiet ? 2 : 0) + (coverageStatus != null && !"active".equals(coverageStatus) ? 2 : 0) + acuityWeight();
	}

	int acuityWeight() {
		Coding acuity = acuity();
		return acuity == null ? 0 : Math.max(0, ACUITY_ORDER.indexOf(acuity.getCode()));
	}

	/** Most urgent first; then higher acuity, then the longest without contact, then the case id. */
	static final Comparator<CaseFacts> BY_URGENCY = Comparator.comparingInt(CaseFacts::urgency).reversed()
		.thenComparing(Comparator.comparingInt(CaseFacts::acuityWeight).reversed())
		.thenComparing(facts -> facts.lastContact, Comparator.nullsFirst(Comparator.naturalOrder()))
		.thenComparing(facts -> facts.activeCase.id());

	/**
	 * The records the answer carries for this case: the case and whom it is about (the patient), and
	 * what makes it urgent (the goals and tasks). The care plan and the coverage are named by
	 * reference, with what a worklist shows of them in the summary, to be read when the case is
	 * opened: in a caseload of 200 they would be half the answer.
	 */
	List<Resource> records() {
		List<Resource> shown = new ArrayList<>();
		shown.add(activeCase.episode());
		if (patient != null) {
			shown.add(patient);
		}
		shown.addAll(overdueGoals);
		shown.addAll(goalsAtRisk);
		shown.addAll(referralsAwaiting);
		shown.addAll(authorizationsPending);
		return shown;
	}

}
