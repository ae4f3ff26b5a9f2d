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
	 * The errors (not warnings) in the resource, each with its FHIRPath location. A claimed profile
	 * the server does not know is not one of them: see {@link #unknownProfiles}.
	 */
	List<ProfileError> errors(IBaseResource resource, Collection<String> additionalProfiles);

	/** The profiles the resource claims in {@code meta.profile} that this server does not know. */
	List<String> unknownProfiles(IBaseResource resource);

	/** One error: where (FHIRPath) and what. */
	record ProfileError(String location, String message) {
	}

}
