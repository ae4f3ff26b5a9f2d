package org.careplanfhir.server.authserver.oauth;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.careplanfhir.server.authserver.accounts.UserAccounts;
import org.careplanfhir.server.security.Caseload;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

/**
 * The patients a user may pick for a standalone launch: a case manager's caseload, a caregiver's
 * patient; an administrator may look anyone up by name.
 */
class PatientChoices {

	private static final int LARGEST_LIST = 50;

	private final DaoRegistry daos;

	private final Caseload caseload;

	PatientChoices(DaoRegistry daos, Caseload caseload) {
		this.daos = daos;
		this.caseload = caseload;
	}

	List<Choice> of(UserAccounts.Account user, String name) {
		IFhirResourceDao<Patient> patients = daos.getResourceDao(Patient.class);
		if (user.fhirUser() == null && user.admin()) {
			SearchParameterMap byName = SearchParameterMap.newSynchronous();
			byName.setCount(LARGEST_LIST);
			if (name != null && !name.isBlank()) {
				byName.add(Patient.SP_NAME, new StringParam(name));
			}
			return sorted(patients.searchForResources(byName, new SystemRequestDetails()));
		}
		Collection<String> ids = caseload.patientsOf(user.fhirUser());
		return sorted(ids.stream().limit(LARGEST_LIST).map(id -> patients.read(new IdType("Patient", id),
				new SystemRequestDetails())).toList());
	}

	boolean allowed(UserAccounts.Account user, String patientId) {
		if (user.fhirUser() == null && user.admin()) {
			try {
				daos.getResourceDao(Patient.class).read(new IdType("Patient", patientId), new SystemRequestDetails());
				return true;
			}
			catch (BaseServerResponseException notThere) {
				return false;
			}
		}
		return caseload.patientsOf(user.fhirUser()).contains(patientId);
	}

	private static List<Choice> sorted(List<Patient> patients) {
		return patients.stream()
			.map(patient -> new Choice(patient.getIdElement().getIdPart(),
					patient.getNameFirstRep().getNameAsSingleString(), patient.getBirthDateElement().getValueAsString()))
			.sorted(Comparator.comparing(Choice::name))
			.toList();
	}

	record Choice(String id, String name, String birthDate) {
	}

}
