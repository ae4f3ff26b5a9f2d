package org.careplanfhir.server.caseload;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;

import org.careplanfhir.server.caseload.ActiveCases.ActiveCase;
import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.FhirAccessResolver;
import org.careplanfhir.server.security.policy.Refusals;
import org.careplanfhir.server.security.policy.SmartScope.Permission;

/**
 * {@code Practitioner/[id]/$caseload}, and {@code $caseload} at system level for the caller's own
 * user: the practitioner's active cases, most urgent first ({@link CaseFacts#urgency()}), as a
 * {@link CaseloadAnswer}. A token confined to patients (a case manager's {@code user/} token) may
 * ask for its own user's caseload only, and sees in it only its own patients; an unconfined
 * {@code system/} token may ask for anyone's.
 */
class CaseloadOperation {

	static final String NAME = "$caseload";

	private final DaoRegistry daos;

	private final Searches searches;

	private final StoredRecords store;

	private final LastContacts contacts;

	private final FhirAccessResolver accessResolver;

	private final CaseloadProperties rules;

	private final Executor readers;

	CaseloadOperation(DaoRegistry daos, StoredRecords store, LastContacts contacts, FhirAccessResolver accessResolver,
			CaseloadProperties rules, Executor readers) {
		this.daos = daos;
		this.readers = readers;
		this.searches = new Searches(daos);
		this.store = store;
		this.contacts = contacts;
		this.accessResolver = accessResolver;
		this.rules = rules;
	}

	@Operation(name = NAME, type = Practitioner.class, idempotent = true)
	public Bundle ofPractitioner(@IdParam IdType id, RequestDetails request) {
		String practitioner = id.getIdPart();
		FhirAccess access = accessResolver.of(request);
		if (!access.grantsUnconfined("EpisodeOfCare", Permission.READ) && !access.actsAs("Practitioner/" + practitioner)) {
			throw Refusals.because("This token may list its own user's caseload only (" + describe(access.fhirUser())
					+ "), not that of Practitioner/" + practitioner + "; a system/ token may list anyone's");
		}
		daos.getResourceDao(Practitioner.class).read(new IdType("Practitioner", practitioner), new SystemRequestDetails());
		return caseload(CaseloadRequest.of(practitioner, request), access, request);
	}

	@Operation(name = NAME, idempotent = true)
	public Bundle ofCaller(RequestDetails request) {
		FhirAccess access = accessResolver.of(request);
		String practitioner = practitionerOf(access.fhirUser());
		return caseload(CaseloadRequest.of(practitioner, request), access, request);
	}

	/** The practitioner a user is, or acts as through a role. */
	private String practitionerOf(String fhirUser) {
		if (fhirUser == null) {
			throw new InvalidRequestException("$caseload at system level lists the caller's own caseload, and this token"
					+ " names no user (fhirUser); ask Practitioner/[id]/$caseload instead");
		}
		IdType user = new IdType(fhirUser);
		if ("Practitioner".equals(user.getResourceType())) {
			return user.getIdPart();
		}
		if ("PractitionerRole".equals(user.getResourceType())) {
			PractitionerRole role = daos.getResourceDao(PractitionerRole.class)
				.read(user.toUnqualifiedVersionless(), new SystemRequestDetails());
			if (role.getPractitioner().getReferenceElement().getIdPart() != null) {
				return role.getPractitioner().getReferenceElement().getIdPart();
			}
		}
		throw new InvalidRequestException("A caseload is a practitioner's, and this token's user is " + fhirUser);
	}

	private Bundle caseload(CaseloadRequest asked, FhirAccess access, RequestDetails request) {
		Instant now = Instant.now();
		Visibility visibility = new Visibility(access);
		List<ActiveCase> cases = new ActiveCases(searches, store).of(asked.practitioner())
			.stream()
			.filter(found -> visibility.shows("EpisodeOfCare", found.patient()))
			.filter(found -> asked.specialty() == null || CaseFacts.hasSpecialty(found.episode(), asked.specialty()))
			.filter(found -> asked.acuity() == null || asked.acuity().equals(acuityCode(found)))
			.toList();
		if (cases.size() > rules.maxCases()) {
			throw new InvalidRequestException("Practitioner/" + asked.practitioner() + " has " + cases.size()
					+ " active cases, more than one answer lists (careplan.caseload.max-cases = " + rules.maxCases()
					+ "); narrow it with specialty, acuity or overdue-only");
		}
		Set<String> patients = new LinkedHashSet<>();
		cases.forEach(found -> patients.add(found.patient()));
		CaseRecords records = new CaseRecords(store, contacts, patients, visibility, now, readers);
		List<CaseFacts> facts = cases.stream()
			.map(found -> new CaseFacts(found, records, visibility, rules, now, ZoneId.systemDefault()))
			.filter(judged -> !asked.overdueOnly() || !judged.overdueGoals.isEmpty())
			.sorted(CaseFacts.BY_URGENCY)
			.toList();
		return CaseloadAnswer.of(asked.practitioner(), facts, visibility.withheld(), now, request.getFhirServerBase());
	}

	private static String acuityCode(ActiveCase found) {
		Coding acuity = CaseFacts.acuityOf(found.episode());
		return acuity == null ? null : acuity.getCode();
	}

	private static String describe(String fhirUser) {
		return fhirUser == null ? "it names no user" : fhirUser;
	}

}
