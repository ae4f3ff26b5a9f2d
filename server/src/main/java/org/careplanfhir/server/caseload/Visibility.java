package org.careplanfhir.server.caseload;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.SmartScope.Permission;

/**
 * Which of the records a caseload is made of the caller's token may read, and for which patients.
 * A type the token reads only through a filtered scope ({@code Goal.rs?category=...}) is treated as
 * withheld: the caseload neither shows its records nor counts them, since a count is itself a
 * disclosure.
 */
final class Visibility {

	/** The types a caseload is made of, in the order the answer explains what it withholds. */
	static final List<String> TYPES = List.of("EpisodeOfCare", "Patient", "CarePlan", "Goal", "Task", "Coverage",
			"Encounter", "Communication");

	private final FhirAccess access;

	/** Per type, the patients whose records of it a confined token reads; asked once per record. */
	private final Map<String, Set<String>> confinedPatients = new ConcurrentHashMap<>();

	Visibility(FhirAccess access) {
		this.access = access;
	}

	/** Whether the token reads this type at all (unfiltered). */
	boolean shows(String type) {
		return access.grants(type, Permission.READ) && access.filtersOn(type, Permission.READ).isEmpty();
	}

	/** Whether the token reads this type's records of this patient. */
	boolean shows(String type, String patient) {
		if (!shows(type)) {
			return false;
		}
		if (access.grantsUnconfined(type, Permission.READ)) {
			return true;
		}
		return confinedPatients.computeIfAbsent(type, reads -> access.confinedPatients(reads, Permission.READ))
			.contains(patient);
	}

	/** The types whose records the answer leaves out because the token does not read them. */
	Set<String> withheld() {
		Set<String> withheld = new LinkedHashSet<>();
		TYPES.stream().filter(type -> !shows(type)).forEach(withheld::add);
		return withheld;
	}

}
