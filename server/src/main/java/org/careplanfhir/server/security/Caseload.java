package org.careplanfhir.server.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Task;

import org.springframework.stereotype.Component;

/**
 * The patients a {@code user/} token reaches: a case manager's caseload, a caregiver's patient, or a
 * patient themself. A practitioner acts as themself, as each of their active roles and for each
 * role's organization; their caseload is every patient whose active CareTeam lists any of these,
 * and every patient of a referral Task one of these owns while the referral is open (the receiving
 * provider must read the referral before it accepts and joins the team).
 */
@Component
public class Caseload {

	static final String TASK_CODES = "http://hl7.org/fhir/CodeSystem/task-code";

	/** A referral's states in which its owner works on it, or decides to. */
	static final List<String> OPEN_REFERRAL = List.of("requested", "received", "accepted", "in-progress", "on-hold");

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
			case "Practitioner", "PractitionerRole" -> practitionerPatients(identitiesOf(fhirUser));
			default -> Set.of();
		};
	}

	/**
	 * Whom a user acts as ({@code Type/id}, versionless): themself, and for a practitioner each active
	 * PractitionerRole of theirs and its organization; for a role, its practitioner and organization.
	 */
	public Set<String> identitiesOf(String fhirUser) {
		if (fhirUser == null) {
			return Set.of();
		}
		IdType user = new IdType(fhirUser).toUnqualifiedVersionless();
		Set<String> identities = new LinkedHashSet<>();
		identities.add(user.getValue());
		List<PractitionerRole> roles = switch (String.valueOf(user.getResourceType())) {
			case "Practitioner" -> daos.getResourceDao(PractitionerRole.class)
				.searchForResources(SearchParameterMap.newSynchronous()
					.add(PractitionerRole.SP_PRACTITIONER, new ReferenceParam(user.getValue())), new SystemRequestDetails());
			case "PractitionerRole" -> readRole(user);
			default -> List.of();
		};
		for (PractitionerRole role : roles) {
			if (role.hasActive() && !role.getActive()) {
				continue;
			}
			identities.add(role.getIdElement().toUnqualifiedVersionless().getValue());
			addReference(identities, role.getPractitioner());
			addReference(identities, role.getOrganization());
		}
		return identities;
	}

	private List<PractitionerRole> readRole(IdType role) {
		try {
			return List.of(daos.getResourceDao(PractitionerRole.class).read(role, new SystemRequestDetails()));
		}
		catch (RuntimeException gone) {
			return List.of();
		}
	}

	private static void addReference(Set<String> identities, Reference reference) {
		if (reference.hasReferenceElement() && reference.getReferenceElement().hasResourceType()) {
			identities.add(reference.getReferenceElement().toUnqualifiedVersionless().getValue());
		}
	}

	private Set<String> practitionerPatients(Set<String> identities) {
		ReferenceOrListParam members = new ReferenceOrListParam();
		identities.forEach(identity -> members.addOr(new ReferenceParam(identity)));
		SearchParameterMap activeTeams = SearchParameterMap.newSynchronous()
			.add(CareTeam.SP_PARTICIPANT, members)
			.add(CareTeam.SP_STATUS, new TokenParam("active"));
		Set<String> patients = daos.getResourceDao(CareTeam.class)
			.searchForResources(activeTeams, new SystemRequestDetails())
			.stream()
			.map(CareTeam::getSubject)
			.filter(subject -> "Patient".equals(subject.getReferenceElement().getResourceType()))
			.map(subject -> subject.getReferenceElement().getIdPart())
			.collect(Collectors.toCollection(LinkedHashSet::new));
		TokenOrListParam open = new TokenOrListParam();
		OPEN_REFERRAL.forEach(status -> open.addOr(new TokenParam(status)));
		ReferenceOrListParam owners = new ReferenceOrListParam();
		identities.forEach(identity -> owners.addOr(new ReferenceParam(identity)));
		SearchParameterMap ownedReferrals = SearchParameterMap.newSynchronous()
			.add(Task.SP_OWNER, owners)
			.add(Task.SP_CODE, new TokenParam(TASK_CODES, "fulfill"))
			.add(Task.SP_STATUS, open);
		daos.getResourceDao(Task.class)
			.searchForResources(ownedReferrals, new SystemRequestDetails())
			.stream()
			.map(Task::getFor)
			.filter(patient -> "Patient".equals(patient.getReferenceElement().getResourceType()))
			.forEach(patient -> patients.add(patient.getReferenceElement().getIdPart()));
		return Set.copyOf(patients);
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
