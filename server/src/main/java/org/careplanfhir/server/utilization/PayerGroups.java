package org.careplanfhir.server.utilization;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;

import org.careplanfhir.server.web.RequestPipeline;

/**
 * Attribution Groups whose members follow a payer's coverage: a Group with the characteristic
 * {@code cm-measure#payer} = {@code Organization/[id]} (not excluded) holds, as its members, the
 * beneficiaries of that payer's active Coverages. Its members are set whenever the Group is written,
 * and again, in the same transaction, whenever one of the payer's Coverages changes.
 */
@Interceptor
class PayerGroups {

	static final String CHARACTERISTIC_SYSTEM = FactRows.MEASURE_CODES;

	static final String CHARACTERISTIC_CODE = "payer";

	private final DaoRegistry daos;

	private final UtilizationFacts facts;

	PayerGroups(DaoRegistry daos, UtilizationFacts facts) {
		this.daos = daos;
		this.facts = facts;
	}

	/** The payer a Group's members follow, or null for a Group whose members are listed by hand. */
	static String payerFollowed(Group group) {
		return group.getCharacteristic().stream()
			.filter(characteristic -> !characteristic.getExclude())
			.filter(characteristic -> characteristic.getCode().getCoding().stream()
				.anyMatch(coding -> CHARACTERISTIC_SYSTEM.equals(coding.getSystem())
						&& CHARACTERISTIC_CODE.equals(coding.getCode())))
			.map(characteristic -> characteristic.getValue() instanceof Reference reference
					? FactRows.idOf(reference, "Organization") : null)
			.filter(id -> id != null)
			.map(id -> "Organization/" + id)
			.findFirst().orElse(null);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = RequestPipeline.BOOKKEEPING)
	public void creating(IBaseResource resource) {
		follow(resource);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = RequestPipeline.BOOKKEEPING)
	public void updating(IBaseResource previous, IBaseResource resource) {
		follow(resource);
	}

	private void follow(IBaseResource resource) {
		if (resource instanceof Group group) {
			String payer = payerFollowed(group);
			if (payer != null) {
				setMembers(group, facts.membersOf(payer));
			}
		}
	}

	/**
	 * Writes again, in the current transaction, every Group that follows one of these payers. Most
	 * payers have none: one indexed query of the followers' table says so, where a search of the Groups
	 * cost each Coverage written almost 1 % of a write's CPU.
	 */
	void refresh(Collection<String> payers) {
		if (payers.isEmpty()) {
			return;
		}
		for (String id : facts.followersOf(payers)) {
			Group group;
			try {
				group = daos.getResourceDao(Group.class).read(new IdType("Group", id), new SystemRequestDetails());
			}
			catch (ResourceNotFoundException | ResourceGoneException gone) {
				// Removed by a path that told no hook (an expunge, the database by hand): forgotten, so that
				// it never fails the payer's coverage writes.
				facts.keepFollower(id, null);
				continue;
			}
			String payer = payerFollowed(group);
			if (payer != null && payers.contains(payer)) {
				setMembers(group, facts.membersOf(payer));
				daos.getResourceDao(Group.class).update(group, new SystemRequestDetails());
			}
		}
	}

	private static void setMembers(Group group, Set<String> patients) {
		group.getMember().clear();
		new TreeSet<>(patients).forEach(patient -> group.addMember().setEntity(new Reference("Patient/" + patient)));
		group.setQuantity(patients.size());
	}

}
