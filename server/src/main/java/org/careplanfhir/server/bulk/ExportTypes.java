package org.careplanfhir.server.bulk;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;

import org.careplanfhir.server.fhir.PatientCompartmentDefinition;

/**
 * Which types an export may hold, and holds when the client names none. A system export without
 * {@code _type} is the server's data, not its configuration: the conformance and terminology
 * resources installed packages bring (StructureDefinitions, ValueSets, ...) and Subscriptions (whose
 * channel headers may carry another system's credentials) are left out, and exported only when
 * named. A patient's or group's export holds the patient's record ({@link PatientCompartmentDefinition},
 * referral Tasks included); a group's also the group and the practitioners and organizations its
 * members name.
 */
final class ExportTypes {

	/** Never exported: the export files themselves are Binaries. */
	static final String BINARY = "Binary";

	/**
	 * Not exported by HAPI's export job: the audit trail keeps AuditEvents in tables of its own, which
	 * the job does not read. A system export that names the type gets them from the audit trail's
	 * {@link ExportSource}; without one an export could only hold none of them, so it may not name them.
	 */
	static final String AUDIT_EVENT = "AuditEvent";

	private static final Set<String> SERVER_CONFIGURATION = Set.of("CapabilityStatement", "CodeSystem",
			"CompartmentDefinition", "ConceptMap", "ExampleScenario", "GraphDefinition", "ImplementationGuide",
			"MessageDefinition", "NamingSystem", "OperationDefinition", "SearchParameter", "StructureDefinition",
			"StructureMap", "Subscription", "TerminologyCapabilities", "ValueSet");

	/** Lists of patients would show one patient the others: never part of one patient's export. */
	private static final Set<String> NAMING_OTHER_PATIENTS = Set.of("Group", "List");

	private static final Set<String> NAMED_BY_MEMBERS = Set.of("Practitioner", "Organization");

	private final DaoRegistry daos;

	private final PatientCompartmentDefinition compartment;

	private final Map<String, ExportSource> sources;

	ExportTypes(DaoRegistry daos, PatientCompartmentDefinition compartment, List<ExportSource> sources) {
		this.daos = daos;
		this.compartment = compartment;
		this.sources = sources.stream().collect(Collectors.toMap(ExportSource::type, source -> source));
	}

	/** The source of a type HAPI's job does not export, or null. */
	ExportSource sourceOf(String type) {
		return sources.get(type);
	}

	/** Every type this level may export when named. */
	Set<String> allowed(ExportLevel level) {
		Set<String> allowed = new TreeSet<>();
		switch (level) {
			case SYSTEM -> allowed.addAll(daos.getRegisteredDaoTypes());
			case ALL_PATIENTS, ONE_PATIENT -> {
				allowed.addAll(compartment.types());
				allowed.removeAll(NAMING_OTHER_PATIENTS);
			}
			case GROUP -> {
				allowed.addAll(compartment.types());
				allowed.remove("List");
				allowed.addAll(NAMED_BY_MEMBERS);
			}
		}
		allowed.remove(BINARY);
		allowed.remove(AUDIT_EVENT);
		allowed.removeIf(type -> !daos.isResourceTypeSupported(type));
		if (level == ExportLevel.SYSTEM) {
			allowed.addAll(sources.keySet());
		}
		return allowed;
	}

	/**
	 * The parameters that tie a type to a patient ({@code subject}, {@code patient}, ...): a patient
	 * or group export chooses its patients itself, so a {@code _typeFilter} may not use them.
	 */
	Set<String> patientParameters(String type) {
		Set<String> parameters = new TreeSet<>(compartment.parametersOf(type));
		parameters.add("patient");
		parameters.add("subject");
		return parameters;
	}

	/** What this level exports when no type is named. */
	Set<String> byDefault(ExportLevel level) {
		Set<String> types = allowed(level);
		types.removeAll(SERVER_CONFIGURATION);
		// The audit trail is not the server's data: an export holds it when it names it.
		types.removeAll(sources.keySet());
		return types;
	}

}
