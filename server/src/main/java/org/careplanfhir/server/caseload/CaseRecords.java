package org.careplanfhir.server.caseload;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * The records of a set of patients that a caseload is judged by, each kind read with one query over
 * all the patients ({@link StoredRecords}), and kept only for the patients the caller reads that
 * kind of record of.
 */
final class CaseRecords {

	static final String TASK_CODES = "http://hl7.org/fhir/CodeSystem/task-code";

	/** A goal still pursued (or about to be). */
	static final List<String> PURSUED_GOALS = List.of("proposed", "planned", "accepted", "active", "on-hold");

	/** A task someone still has to act on. */
	static final List<String> OPEN_TASKS = List.of("requested", "received", "accepted", "ready", "in-progress", "on-hold");

	// Each filled by one reader; read once all readers are done.

	final Map<String, Patient> patients = new ConcurrentHashMap<>();

	final Map<String, List<CarePlan>> plans = new HashMap<>();

	final Map<String, List<Goal>> goals = new HashMap<>();

	final Map<String, List<Task>> tasks = new HashMap<>();

	final Map<String, List<Coverage>> coverages = new HashMap<>();

	final Map<String, Instant> lastContacts = new ConcurrentHashMap<>();

	/**
	 * Reads the kinds of record at once, each on a connection of its own: the queries wait on the
	 * database, and a caseload is asked for by one person waiting to start their day.
	 */
	CaseRecords(StoredRecords store, LastContacts contacts, Collection<String> patientIds, Visibility visibility,
			Instant now, Executor readers) {
		List<String> ids = List.copyOf(patientIds);
		List<CompletableFuture<Void>> reads = new ArrayList<>();
		Consumer<Runnable> read = work -> reads.add(CompletableFuture.runAsync(work, readers));
		if (!ids.isEmpty() && visibility.shows("Patient")) {
			read.accept(() -> store.byIds(Patient.class, ids).stream()
				.filter(patient -> visibility.shows("Patient", patient.getIdElement().getIdPart()))
				.forEach(patient -> patients.put(patient.getIdElement().getIdPart(), patient)));
		}
		if (!ids.isEmpty() && visibility.shows("CarePlan")) {
			read.accept(() -> group(store.referringWithoutNarrative(CarePlan.class, "CarePlan.subject", "Patient", ids,
					"status", List.of("active")), CarePlan::getSubject, "CarePlan", visibility, plans));
		}
		if (!ids.isEmpty() && visibility.shows("Goal")) {
			read.accept(() -> group(store.referring(Goal.class, "Goal.subject", "Patient", ids, "lifecycle-status",
					PURSUED_GOALS), Goal::getSubject, "Goal", visibility, goals));
		}
		if (!ids.isEmpty() && visibility.shows("Task")) {
			read.accept(() -> group(store.referring(Task.class, "Task.for", "Patient", ids, "status", OPEN_TASKS).stream()
				.filter(CaseRecords::tracksAReferralOrAuthorization).toList(), Task::getFor, "Task", visibility, tasks));
		}
		if (!ids.isEmpty() && visibility.shows("Coverage")) {
			read.accept(() -> group(store.referring(Coverage.class, "Coverage.beneficiary", "Patient", ids, "status",
					List.of("active")), Coverage::getBeneficiary, "Coverage", visibility, coverages));
		}
		if (!ids.isEmpty() && visibility.shows("Encounter") && visibility.shows("Communication")) {
			read.accept(() -> contacts.of(ids, now).forEach((patient, at) -> {
				if (contactsShown(visibility, patient)) {
					lastContacts.put(patient, at);
				}
			}));
		}
		try {
			CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).join();
		}
		catch (CompletionException failed) {
			throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
		}
	}

	/**
	 * Whether the caller sees when this patient was last in contact: only from both kinds of contact
	 * record, since a date from one kind alone could be older than the truth.
	 */
	static boolean contactsShown(Visibility visibility, String patient) {
		return visibility.shows("Encounter", patient) && visibility.shows("Communication", patient);
	}

	private static boolean tracksAReferralOrAuthorization(Task task) {
		return task.getCode().getCoding().stream()
			.anyMatch(coding -> TASK_CODES.equals(coding.getSystem()) && (CaseFacts.REFERRAL_TASK.equals(coding.getCode())
					|| CaseFacts.AUTHORIZATION_TASK.equals(coding.getCode())));
	}

	private static <T> void group(List<T> found, Function<T, Reference> patientOf, String type, Visibility visibility,
			Map<String, List<T>> byPatient) {
		for (T record : found) {
			String patient = patientOf.apply(record).getReferenceElement().getIdPart();
			if (patient != null && visibility.shows(type, patient)) {
				byPatient.computeIfAbsent(patient, key -> new ArrayList<>()).add(record);
			}
		}
	}

	<T> List<T> of(Map<String, List<T>> byPatient, String patient) {
		return byPatient.getOrDefault(patient, List.of());
	}

}
