package org.careplanfhir.server.fhir;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.interceptor.auth.CompartmentSearchParameterModifications;
import ca.uhn.fhir.util.FhirTerser;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;

import org.springframework.stereotype.Component;

/**
 * What belongs to one patient's record on this server: R4's Patient compartment, plus the types
 * case management ties to a patient that R4 leaves out. Today that is Task: a referral Task is
 * {@code for} the patient (our {@code cm-referral-task} profile requires it), so a patient's
 * export, {@code $everything}, compartment search and patient-confined tokens all reach it through
 * Task's {@code patient} parameter. Every capability asks this one definition.
 */
@Component
public class PatientCompartmentDefinition {

	public static final String PATIENT = "Patient";

	/** Types outside R4's Patient compartment that our profiles tie to a patient, and the parameter that does. */
	private static final Map<String, String> CASE_MANAGEMENT_ADDITIONS = Map.of("Task", "patient");

	private final Map<String, List<String>> parametersByType = new TreeMap<>();

	private final CompartmentSearchParameterModifications additions = new CompartmentSearchParameterModifications();

	private final FhirTerser terser;

	public PatientCompartmentDefinition(FhirContext fhirContext) {
		this.terser = fhirContext.newTerser();
		for (String type : fhirContext.getResourceTypes()) {
			List<String> parameters = fhirContext.getResourceDefinition(type).getSearchParamsForCompartmentName(PATIENT)
				.stream().map(RuntimeSearchParam::getName).toList();
			if (!parameters.isEmpty()) {
				parametersByType.put(type, parameters);
			}
		}
		parametersByType.put(PATIENT, List.of());
		CASE_MANAGEMENT_ADDITIONS.forEach((type, parameter) -> {
			parametersByType.put(type, List.of(parameter));
			additions.addSPToIncludeInCompartment(type, parameter);
		});
		// HAPI's look-ups add an empty entry for a type they have not seen; adding them all now keeps
		// this shared object read-only once requests use it.
		for (String type : fhirContext.getResourceTypes()) {
			additions.getAdditionalSearchParamNamesForResourceType(type);
			additions.getOmittedSPNamesForResourceType(type);
		}
	}

	/** Every type a patient's record may hold, Patient included. */
	public Set<String> types() {
		return Collections.unmodifiableSet(parametersByType.keySet());
	}

	public boolean contains(String type) {
		return parametersByType.containsKey(type);
	}

	/** The search parameters that put a resource of this type in a patient's record; none for Patient itself. */
	public List<String> parametersOf(String type) {
		return parametersByType.getOrDefault(type, List.of());
	}

	/** Whether this type is in the record only by our addition, not by R4's compartment (Task). */
	public boolean isAddedToR4(String type) {
		return CASE_MANAGEMENT_ADDITIONS.containsKey(type);
	}

	/** The additions to R4's compartment, in the form HAPI's authorization rules and terser take. */
	public CompartmentSearchParameterModifications additionsToR4() {
		return additions;
	}

	/** Whether the resource is this patient, or in this patient's record. */
	public boolean holds(IBaseResource resource, String patientId) {
		if (PATIENT.equals(resource.fhirType())) {
			return patientId.equals(resource.getIdElement().getIdPart());
		}
		return contains(resource.fhirType())
				&& terser.isSourceInCompartmentForTarget(PATIENT, resource, new IdType(PATIENT, patientId), additions);
	}

	/** The patients whose record holds the resource ({@code Patient/1}); a Patient holds itself. */
	public Set<String> ownersOf(IBaseResource resource) {
		Set<String> owners = new LinkedHashSet<>();
		if (PATIENT.equals(resource.fhirType())) {
			if (resource.getIdElement().hasIdPart()) {
				owners.add(PATIENT + "/" + resource.getIdElement().getIdPart());
			}
			return owners;
		}
		if (contains(resource.fhirType())) {
			for (IIdType owner : terser.getCompartmentOwnersForResource(PATIENT, resource, additions)) {
				// A compartment parameter may reference other types too (a performer that is a practitioner).
				if (PATIENT.equals(owner.getResourceType()) && owner.hasIdPart()) {
					owners.add(PATIENT + "/" + owner.getIdPart());
				}
			}
		}
		return owners;
	}

}
