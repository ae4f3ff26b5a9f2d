package org.careplanfhir.server.security.scopes;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.auth.CompartmentSearchParameterModifications;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;

import org.careplanfhir.server.fhir.PatientCompartmentDefinition;

import org.springframework.stereotype.Component;

/**
 * Which resource types belong to a patient's record (Patient itself, CarePlan, Goal, referral
 * Tasks, ...: {@link PatientCompartmentDefinition}) and which do not (Practitioner, Organization,
 * ValueSet, ...): the first are confined to the token's patients, the second are readable whenever
 * a scope names them.
 */
@Component
class PatientCompartment {

	static final String NAME = PatientCompartmentDefinition.PATIENT;

	private final PatientCompartmentDefinition definition;

	private final Set<String> outsiders = new TreeSet<>();

	private final Set<String> members = new TreeSet<>();

	PatientCompartment(FhirContext fhirContext, PatientCompartmentDefinition definition) {
		this.definition = definition;
		fhirContext.getResourceTypes().stream().filter(type -> !definition.contains(type)).forEach(outsiders::add);
		fhirContext.getResourceTypes().stream().filter(definition::contains).forEach(members::add);
	}

	boolean contains(String type) {
		return definition.contains(type);
	}

	/** Whether the record is this patient, or in this patient's compartment. */
	boolean holds(IBaseResource resource, String patientId) {
		return definition.holds(resource, patientId);
	}

	/** Whether HAPI's own narrowing misses this type: in the record by our addition only (Task). */
	boolean isAddedToR4(String type) {
		return definition.isAddedToR4(type);
	}

	/** What HAPI's compartment rules must add to R4's compartment to reach the same records. */
	CompartmentSearchParameterModifications additionsToR4() {
		return definition.additionsToR4();
	}

	/** The search parameters that put a resource of this type in a patient's record. */
	List<String> parametersOf(String type) {
		return definition.parametersOf(type);
	}

	/** The compartment owners ({@code Patient/id}) of these patient ids, as HAPI's rules name them. */
	static List<IIdType> owners(Collection<String> patientIds) {
		return patientIds.stream().<IIdType>map(id -> new IdType(NAME, id)).toList();
	}

	/** Types that may be in a patient's compartment. */
	Set<String> members() {
		return members;
	}

	/** Types that are never in a patient's compartment. */
	Set<String> outsiders() {
		return outsiders;
	}

}
