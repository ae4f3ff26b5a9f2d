package org.careplanfhir.server.utilization;

import java.util.Date;
import java.util.List;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * {@code Group/[id]/$member-add} and {@code $member-remove}, as the Da Vinci Member Attribution
 * guide has them: a member is named by {@code patientReference} or by {@code memberId} (an
 * identifier of the Patient), optionally with an {@code attributionPeriod}. Adding an active member
 * again changes its period; removing one marks it inactive and ends its period, so the Group keeps
 * the history. The Group is written with the caller's rights, as a plain update would be. A Group
 * whose members follow a payer's coverage is refused: its members are not listed by hand.
 */
class AttributionOperations {

	static final String ADD = "$member-add";

	static final String REMOVE = "$member-remove";

	private final DaoRegistry daos;

	AttributionOperations(DaoRegistry daos) {
		this.daos = daos;
	}

	@Operation(name = ADD, type = Group.class)
	public Group add(@IdParam IdType id, @OperationParam(name = "patientReference", max = 1) Reference patientReference,
			@OperationParam(name = "memberId", max = 1) Identifier memberId,
			@OperationParam(name = "attributionPeriod", max = 1) Period period, RequestDetails request) {
		Group group = editable(id, request);
		String patient = patient(patientReference, memberId, request);
		Group.GroupMemberComponent member = activeMember(group, patient);
		if (member == null) {
			member = group.addMember().setEntity(new Reference(patient));
		}
		member.setInactive(false);
		if (period != null) {
			member.setPeriod(period);
		}
		else if (!member.hasPeriod()) {
			member.setPeriod(new Period().setStart(new Date()));
		}
		return write(group, request);
	}

	@Operation(name = REMOVE, type = Group.class)
	public Group remove(@IdParam IdType id, @OperationParam(name = "patientReference", max = 1) Reference patientReference,
			@OperationParam(name = "memberId", max = 1) Identifier memberId,
			@OperationParam(name = "attributionPeriod", max = 1) Period period, RequestDetails request) {
		Group group = editable(id, request);
		String patient = patient(patientReference, memberId, request);
		Group.GroupMemberComponent member = activeMember(group, patient);
		if (member == null) {
			throw new UnprocessableEntityException(patient + " is not an active member of "
					+ id.toUnqualifiedVersionless().getValue());
		}
		member.setInactive(true);
		member.getPeriod().setEnd(period != null && period.hasEnd() ? period.getEnd() : new Date());
		return write(group, request);
	}

	private Group editable(IdType id, RequestDetails request) {
		Group group = daos.getResourceDao(Group.class).read(id.toUnqualifiedVersionless(), request);
		if (PayerGroups.payerFollowed(group) != null) {
			throw new UnprocessableEntityException(id.toUnqualifiedVersionless().getValue() + " follows the coverage of "
					+ PayerGroups.payerFollowed(group) + " (its characteristic cm-measure#payer): its members change with"
					+ " that payer's Coverages, not by $member-add or $member-remove");
		}
		return group;
	}

	/** The patient named, as {@code Patient/[id]}; read with the caller's rights, so one it may not see is refused. */
	private String patient(Reference reference, Identifier memberId, RequestDetails request) {
		if ((reference == null) == (memberId == null)) {
			throw new InvalidRequestException("Name the member with exactly one of 'patientReference' (Patient/[id]) or"
					+ " 'memberId' (an identifier of the Patient)");
		}
		if (reference != null) {
			String id = FactRows.idOf(reference, "Patient");
			if (id == null) {
				throw new InvalidRequestException("Parameter 'patientReference': a reference to a Patient, Patient/[id] (was '"
						+ reference.getReference() + "')");
			}
			daos.getResourceDao(Patient.class).read(new IdType("Patient", id), request);
			return "Patient/" + id;
		}
		if (!memberId.hasValue()) {
			throw new InvalidRequestException("Parameter 'memberId': an Identifier with a value (and a system)");
		}
		List<Patient> found = daos.getResourceDao(Patient.class)
			.searchForResources(SearchParameterMap.newSynchronous()
				.add(Patient.SP_IDENTIFIER, new TokenParam(memberId.getSystem(), memberId.getValue())), request);
		if (found.size() != 1) {
			throw new UnprocessableEntityException("Parameter 'memberId': " + (found.isEmpty() ? "no" : found.size())
					+ " Patient(s) carry the identifier " + (memberId.hasSystem() ? memberId.getSystem() + "|" : "")
					+ memberId.getValue() + "; it must name exactly one");
		}
		return "Patient/" + found.get(0).getIdElement().getIdPart();
	}

	private static Group.GroupMemberComponent activeMember(Group group, String patient) {
		return group.getMember().stream()
			.filter(member -> !member.getInactive() && patient.equals(
					member.getEntity().getReferenceElement().toUnqualifiedVersionless().getValue()))
			.findFirst().orElse(null);
	}

	private Group write(Group group, RequestDetails request) {
		group.setQuantity((int) group.getMember().stream().filter(member -> !member.getInactive()).count());
		return (Group) daos.getResourceDao(Group.class).update(group, request).getResource();
	}

}
