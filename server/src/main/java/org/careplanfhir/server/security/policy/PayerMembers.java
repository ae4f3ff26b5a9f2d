package org.careplanfhir.server.security.policy;

import java.util.Set;

/**
 * Who a payer's members are, answered by the capability that follows coverage: the patients a
 * payer-bound client's {@code system/} scopes are confined to.
 */
@FunctionalInterface
public interface PayerMembers {

	/** The ids of the payer's members (the beneficiaries of its active Coverages); empty when it has none. */
	Set<String> membersOf(String payer);

}
