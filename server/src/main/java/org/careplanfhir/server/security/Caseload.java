package org.careplanfhir.server.security;

import java.util.Set;
import java.util.stream.Collectors;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.RelatedPerson;

import org.springframework.stereotype.Component;

/**
 * The patients a {@code user/} token reaches: a case manager's caseload (every patient whose
 * active CareTeam lists them), a caregiver's patient, or a patient themself.
 */
@Component
public class Caseload {

	private final DaoRegistry daos;

	Caseload(DaoRegistry daos) {
		this.daos = daos;
	}

	/** Patient ids; empty for a user who is none of these. */
	public Set<String> patientsOf(String fhirUser) {
		if (fhirUser == null) {
			return Set.of();
		}
		IdType user = new IdType(fhirUser);
		return switch (String.valueOf(user.getResourceType())) {
			case "Patient" -> Set.of(user.getIdPart());
			case "RelatedPerson" -> caregiverPatient(user);
			case "Practitioner", "PractitionerRole" -> careTeamPatients(user);
			default -> Set.of();
		};
	}

	private Set<String> careTeamPatients(IdType member) {
		SearchParameterMap activeTeams = SearchParameterMap.newSynchronous()
			.add(CareTeam.SP_PARTICIPANT, new ReferenceParam(member.toUnqualifiedVersionless().getValue()))
			.add(CareTeam.SP_STATUS, new TokenParam("active"));
		return daos.getResourceDao(CareTeam.class)
			.searchForResources(activeTeams, new SystemRequestDetails())
			.stream()
			.map(CareTeam::getSubject)
			.filter(subject -> "Patient".equals(subject.getReferenceElement().getResourceType()))
			.map(subject -> subject.getReferenceElement().getIdPart())
			.collect(Collectors.toUnmodifiableSet());
	}

	private Set<String> caregiverPatient(IdType caregiver) {
		try {
			RelatedPerson person = daos.getResourceDao(RelatedPerson.class).read(caregiver, new SystemRequestDetails());
			return Set.of(person.getPatient().getReferenceElement().getIdPart());
		}
		catch (RuntimeException gone) {
			return Set.of();
		}
	}

}
