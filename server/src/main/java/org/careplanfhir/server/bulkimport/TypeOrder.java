package org.careplanfhir.server.bulkimport;

import java.util.List;

/**
 * The order in which an import loads its inputs, by type: what others point at first (the
 * organizations, practitioners and patients a record names), then the records, the Provenance that
 * names them last. HAPI refuses a reference to a resource it does not hold, and files come in any
 * order; a line that still points ahead is tried again at the end ({@link TransactionWriter}).
 */
final class TypeOrder {

	private static final List<String> FIRST = List.of("Organization", "Location", "Practitioner", "PractitionerRole",
			"Patient", "RelatedPerson", "Coverage", "Group", "Medication", "Device", "EpisodeOfCare", "Encounter", "Condition",
			"AllergyIntolerance", "CareTeam", "Goal", "Observation", "Procedure", "Immunization", "MedicationRequest",
			"DiagnosticReport", "DocumentReference", "ImagingStudy", "ServiceRequest", "CarePlan", "Task", "Claim",
			"ExplanationOfBenefit");

	private static final List<String> LAST = List.of("Provenance", "AuditEvent");

	private TypeOrder() {
	}

	/** Lower goes first; the types not named go between the named first ones and the last ones. */
	static int rank(String type) {
		int first = FIRST.indexOf(type);
		if (first >= 0) {
			return first;
		}
		int last = LAST.indexOf(type);
		return last >= 0 ? FIRST.size() + 1 + last : FIRST.size();
	}

}
