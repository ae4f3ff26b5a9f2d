package org.careplanfhir.server.conformance.rules;

import java.util.List;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A rule about how case-management resources may change that a profile cannot state, because it
 * needs other stored resources or the previous version. Each rule is one small class; the server
 * runs every rule bean on every create, update and patch, inside the write's transaction.
 */
public interface WorkflowRule {

	/**
	 * @param request the write's request: a rule that reads other records reads them with its
	 * caller's rights ({@link org.careplanfhir.server.security.policy.CallerRights})
	 * @param previous the stored version being replaced, or {@code null} for a create
	 * @param resource the version about to be stored
	 * @return what the write breaks; empty when it is allowed
	 */
	List<RuleViolation> check(RequestDetails request, IBaseResource previous, IBaseResource resource);

	/** One broken rule: its id, where in the resource (FHIRPath) and what is wrong. */
	record RuleViolation(String rule, String expression, String message) {
	}

}
