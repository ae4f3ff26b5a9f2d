package org.careplanfhir.server.provenance;

import java.util.List;
import java.util.Optional;

import org.careplanfhir.server.security.policy.FhirAccess;

/**
 * The organization a user acts for, when there is exactly one: a practitioner's role names it. A
 * practitioner with roles at several organizations, or none, is not said to act for any.
 */
class OrganizationOfUser {

	Optional<String> of(FhirAccess caller) {
		List<String> organizations = caller.identities().stream().filter(id -> id.startsWith("Organization/")).toList();
		return organizations.size() == 1 ? Optional.of(organizations.get(0)) : Optional.empty();
	}

}
