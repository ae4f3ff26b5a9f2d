package org.careplanfhir.server.audit;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a FHIR request was and what its answer showed: the interaction, the type or operation it
 * named, and the records shown, grouped by the patient whose record each belongs to (null for
 * records of no patient). Kept with an answer the read cache replays (see
 * {@link org.careplanfhir.server.web.AnswerFacts}); once the answer is sent nothing changes it.
 */
final class Answer {

	private AuditedAction action;

	private String name;

	private String target;

	private final Map<String, Set<String>> shownByPatient = new LinkedHashMap<>();

	synchronized void identify(AuditedAction action, String name, String target) {
		this.action = action;
		this.name = name;
		this.target = target;
	}

	synchronized void shown(String patient, String record) {
		shownByPatient.computeIfAbsent(patient, any -> new LinkedHashSet<>()).add(record);
	}

	synchronized AuditedAction action() {
		return action;
	}

	synchronized String name() {
		return name;
	}

	/** The record the request named ({@code Goal/5}), or null. */
	synchronized String target() {
		return target;
	}

	synchronized Map<String, Set<String>> shownByPatient() {
		Map<String, Set<String>> copy = new LinkedHashMap<>();
		shownByPatient.forEach((patient, records) -> copy.put(patient, new LinkedHashSet<>(records)));
		return copy;
	}

}
