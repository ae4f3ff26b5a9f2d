package org.careplanfhir.server.bulk;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Reference;

import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.Refusals;
import org.careplanfhir.server.security.policy.SmartScope;

/**
 * A payer-bound client exports its members' data and nothing else: a system-level export (which
 * reaches every patient) is refused, a group must be one of the payer's attribution Groups, and the
 * patients of the export are cut down to the payer's members.
 */
final class PayerExports {

	private final DaoRegistry daos;

	PayerExports(DaoRegistry daos) {
		this.daos = daos;
	}

	/**
	 * The patients ({@code Patient/[id]}) the export may hold: those chosen (by the URL, the group or the
	 * {@code patient} parameter) that are the payer's members.
	 * @param chosen the patients the export named, or empty for "all of the level's patients"
	 */
	List<String> confine(ExportLevel level, IIdType target, List<String> chosen, FhirAccess access) {
		String payer = access.payer();
		Set<String> members = access.patientsOf(SmartScope.Context.SYSTEM);
		if (level == ExportLevel.SYSTEM) {
			throw Refusals.because("A client bound to " + payer + " exports its members' data with Patient/$export or"
					+ " Group/[id]/$export; a system-level export would reach every patient");
		}
		List<String> candidates = new ArrayList<>(chosen);
		if (level == ExportLevel.GROUP) {
			Group group = daos.getResourceDao(Group.class).read(target.toUnqualifiedVersionless(), new SystemRequestDetails());
			if (!payer.equals(group.getManagingEntity().getReferenceElement().toUnqualifiedVersionless().getValue())) {
				throw Refusals.because(target.toUnqualifiedVersionless().getValue() + " is not an attribution Group of "
						+ payer + " (its managingEntity names another organization, or none)");
			}
			if (candidates.isEmpty()) {
				group.getMember().stream()
					.filter(member -> !member.getInactive())
					.map(Group.GroupMemberComponent::getEntity)
					.map(Reference::getReferenceElement)
					.filter(entity -> "Patient".equals(entity.getResourceType()) && entity.hasIdPart())
					.forEach(entity -> candidates.add("Patient/" + entity.getIdPart()));
			}
		}
		else if (candidates.isEmpty()) {
			members.forEach(member -> candidates.add("Patient/" + member));
		}
		List<String> outsiders = candidates.stream().filter(patient -> !members.contains(idOf(patient))).toList();
		if (level == ExportLevel.GROUP) {
			candidates.removeAll(outsiders);
		}
		else if (!outsiders.isEmpty()) {
			throw Refusals.because("Not members of " + payer + ": " + String.join(", ", outsiders));
		}
		if (candidates.isEmpty()) {
			throw new InvalidRequestException("This export reaches none of " + payer + "'s members, so it would be empty");
		}
		return candidates;
	}

	private static String idOf(String patient) {
		return patient.substring(patient.indexOf('/') + 1);
	}

}
