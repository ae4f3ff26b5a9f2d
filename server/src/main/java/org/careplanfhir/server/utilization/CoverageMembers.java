package org.careplanfhir.server.utilization;

import java.util.Set;

import org.careplanfhir.server.security.policy.PayerMembers;

/** A payer's members for the security core: the beneficiaries of its active Coverages, from the summary table. */
class CoverageMembers implements PayerMembers {

	private final UtilizationFacts facts;

	CoverageMembers(UtilizationFacts facts) {
		this.facts = facts;
	}

	@Override
	public Set<String> membersOf(String payer) {
		return facts.membersOf(payer);
	}

}
