package org.careplanfhir.server.security.scopes;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;

import org.springframework.stereotype.Component;

/**
 * Which resource types belong to a patient's compartment (Patient itself, CarePlan, Goal, ...) and
 * which do not (Practitioner, Organization, ValueSet, ...): the first are confined to the token's
 * patients, the second are readable whenever a scope names them.
 */
@Component
class PatientCompartment {

	static final String NAME = "Patient";

	private final Set<String> members = new TreeSet<>();

	private final Set<String> outsiders = new TreeSet<>();

	private final FhirTerser terser;

	PatientCompartment(FhirContext fhirContext) {
		this.terser = fhirContext.newTerser();
		for (String type : fhirContext.getResourceTypes()) {
			boolean member = NAME.equals(type)
					|| !fhirContext.getResourceDefinition(type).getSearchParamsForCompartmentName(NAME).isEmpty();
			(member ? members : outsiders).add(type);
		}
	}

	boolean contains(String type) {
		return members.contains(type);
	}

	/** Whether the record is this patient, or in this patient's compartment. */
	boolean holds(IBaseResource resource, String patientId) {
		if (NAME.equals(resource.fhirType())) {
			return patientId.equals(resource.getIdElement().getIdPart());
		}
		return terser.isSourceInCompartmentForTarget(NAME, resource, new IdType(NAME, patientId), Set.of());
	}

	/** The compartment owners ({@code Patient/id}) of these patient ids, as HAPI's rules name them. */
	static List<IIdType> owners(Collection<String> patientIds) {
		return patientIds.stream().<IIdType>map(id -> new IdType(NAME, id)).toList();
	}

	/** Types that are never in a patient's compartment. */
	Set<String> outsiders() {
		return outsiders;
	}

}
