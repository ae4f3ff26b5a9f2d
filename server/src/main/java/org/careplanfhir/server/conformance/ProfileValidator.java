package org.careplanfhir.server.conformance;

import java.util.Collection;
import java.util.List;

import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Validates a resource against the base specification, the profiles in its {@code meta.profile}
 * and any others given. {@link WriteValidator} is the one the server runs; {@link ValidatingWrites}
 * asks through this so that its choice of what to validate can be tested without the HL7 validator.
 */
interface ProfileValidator {

	/**
	 * The errors in the resource, each with its FHIRPath location, and what could not be checked. A
	 * claimed profile the server does not know is not among them: see {@link #unknownProfiles}.
	 */
	Findings validate(IBaseResource resource, Collection<String> additionalProfiles);

	/** The profiles the resource claims in {@code meta.profile} that this server does not know. */
	List<String> unknownProfiles(IBaseResource resource);

	/** One finding: where (FHIRPath) and what. */
	record ProfileError(String location, String message) {
	}

	/**
	 * @param errors what makes the resource invalid
	 * @param notChecked what the server could not check, for want of terminology it does not hold:
	 * warnings, told to the client
	 */
	record Findings(List<ProfileError> errors, List<ProfileError> notChecked) {
	}

}
