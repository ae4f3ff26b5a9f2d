package org.careplanfhir.server.conformance;

import java.util.Collection;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.interceptor.executor.InterceptorService;
import ca.uhn.fhir.rest.server.interceptor.validation.ValidationMessageUnknownCodeSystemPostProcessingInterceptor;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

import org.springframework.stereotype.Component;

/**
 * Validates a resource about to be stored against the base specification and the given profiles,
 * through HAPI's validation support chain (installed packages, stored conformance resources,
 * terminology), whose caches keep parsed profiles and expansions between writes. References are
 * checked for form and target type but not resolved: inside a transaction they may point at
 * resources not stored yet.
 */
@Component
class WriteValidator {

	private final FhirValidator validator;

	WriteValidator(FhirContext fhirContext, IValidationSupport validationSupportChain,
			ValidationMessageUnknownCodeSystemPostProcessingInterceptor unloadedCodeSystemsAsWarnings) {
		FhirInstanceValidator instanceValidator = new FhirInstanceValidator(validationSupportChain);
		// A claimed profile the server does not know is the client's mistake, not a reason to skip it.
		instanceValidator.setErrorForUnknownProfiles(true);
		this.validator = fhirContext.newValidator();
		this.validator.setValidateAgainstStandardSchema(false);
		this.validator.setValidateAgainstStandardSchematron(false);
		this.validator.registerValidatorModule(instanceValidator);
		InterceptorService postProcessing = new InterceptorService("careplan-write-validation");
		postProcessing.registerInterceptor(unloadedCodeSystemsAsWarnings);
		this.validator.setInterceptorBroadcaster(postProcessing);
	}

	/** The errors (not warnings) in the resource, each with its FHIRPath location. */
	List<SingleValidationMessage> errors(IBaseResource resource, Collection<String> profiles) {
		ValidationOptions options = new ValidationOptions();
		profiles.forEach(options::addProfile);
		return validator.validateWithResult(resource, options)
			.getMessages()
			.stream()
			.filter(message -> message.getSeverity() == ResultSeverityEnum.ERROR
					|| message.getSeverity() == ResultSeverityEnum.FATAL)
			.toList();
	}

}
