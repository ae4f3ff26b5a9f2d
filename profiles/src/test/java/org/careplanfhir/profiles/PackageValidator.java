package org.careplanfhir.profiles;

import java.util.List;

import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.interceptor.executor.InterceptorService;
import ca.uhn.fhir.rest.server.interceptor.validation.ValidationMessageUnknownCodeSystemPostProcessingInterceptor;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Resource;

/**
 * An HL7 validator that knows R4 and our package and nothing else, as a third party would use the
 * package: SNOMED CT and LOINC are not loaded, so codes are checked against our enumerated value sets.
 * A test adds one deliberately wrong LOINC code to prove that membership is still enforced.
 */
final class PackageValidator {

	private static final FhirValidator VALIDATOR = create();

	private PackageValidator() {
	}

	static List<SingleValidationMessage> errors(Resource resource) {
		return VALIDATOR.validateWithResult(resource, new ValidationOptions())
			.getMessages()
			.stream()
			.filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
			.toList();
	}

	private static FhirValidator create() {
		PrePopulatedValidationSupport ours = new PrePopulatedValidationSupport(BuiltPackage.FHIR);
		BuiltPackage.get().conformanceResources().forEach(ours::addResource);
		ValidationSupportChain chain = new ValidationSupportChain(ours,
				new DefaultProfileValidationSupport(BuiltPackage.FHIR),
				new InMemoryTerminologyServerValidationSupport(BuiltPackage.FHIR),
				new CommonCodeSystemsTerminologyService(BuiltPackage.FHIR));
		FhirValidator validator = BuiltPackage.FHIR.newValidator();
		validator.registerValidatorModule(new FhirInstanceValidator(chain));
		// As the server does: a code system that is not loaded cannot be looked up (a warning), but
		// membership of the code in an enumerated value set is still checked (an error).
		InterceptorService postProcessing = new InterceptorService();
		postProcessing.registerInterceptor(new ValidationMessageUnknownCodeSystemPostProcessingInterceptor(
				IValidationSupport.IssueSeverity.WARNING));
		validator.setInterceptorBroadcaster(postProcessing);
		return validator;
	}
}
