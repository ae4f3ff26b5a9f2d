package org.careplanfhir.profiles;

import java.util.List;

import org.careplanfhir.profiles.validation.OfflineValidator;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.utilities.validation.ValidationMessage;

/**
 * One offline validator for all profile tests: building it reads the package and every test would
 * pay for that again. Tests run one at a time, so sharing the (not thread-safe) validator is safe.
 */
final class PackageValidator {

	private static final OfflineValidator VALIDATOR = new OfflineValidator();

	private PackageValidator() {
	}

	static synchronized List<ValidationMessage> errors(Resource resource) {
		return VALIDATOR.errors(resource);
	}

}
