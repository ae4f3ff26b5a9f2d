package org.careplanfhir.profiles.validation;

import java.nio.charset.StandardCharsets;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import org.careplanfhir.profiles.CaseManagementPackage;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.utilities.validation.ValidationMessage;

/**
 * A validator that knows R4 and the case-management package and nothing else, as a third party
 * would use the package, set up the way the server validates writes ({@link CareplanValidator}).
 * SNOMED CT and LOINC are not loaded, so codes are checked against the value sets the package
 * enumerates. Building one reads the package and warms nothing: reuse it. Not thread-safe.
 */
public final class OfflineValidator {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private final CareplanValidator validator;

	public OfflineValidator() {
		this.validator = new CareplanValidator(new WorkerContextValidationSupportAdapter(supportChain()));
	}

	/** Every message for the resource, validated against the base spec and its {@code meta.profile}. */
	public List<ValidationMessage> validate(Resource resource) {
		byte[] json = FHIR.newJsonParser().encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
		return validator.validate(json, List.of());
	}

	/** The validator underneath, set up as the server's. */
	CareplanValidator careplanValidator() {
		return validator;
	}

	/** Only the errors and fatal errors. */
	public List<ValidationMessage> errors(Resource resource) {
		return validate(resource).stream().filter(CareplanValidator::isError).toList();
	}

	private static ValidationSupportChain supportChain() {
		PrePopulatedValidationSupport definitions = new PrePopulatedValidationSupport(FHIR);
		CaseManagementPackage.get().conformanceResources().forEach(definitions::addResource);
		return new ValidationSupportChain(definitions, new DefaultProfileValidationSupport(FHIR),
				new InMemoryTerminologyServerValidationSupport(FHIR), new CommonCodeSystemsTerminologyService(FHIR));
	}

}
