package org.careplanfhir.server.conformance;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.common.hapi.validation.validator.FhirDefaultPolicyAdvisor;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r5.elementmodel.JsonParser;
import org.hl7.fhir.r5.elementmodel.ParserBase.ValidationPolicy;
import org.hl7.fhir.r5.elementmodel.ValidatedFragment;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.instance.InstanceValidator;

import org.springframework.stereotype.Component;

/**
 * Validates a resource about to be stored against the base specification, the profiles in its
 * {@code meta.profile} and any others given, through HAPI's validation support chain (installed
 * packages, stored conformance resources, terminology) whose caches keep parsed profiles and
 * expansions between writes. References are checked for form and target type but not resolved:
 * inside a transaction they may point at resources not stored yet. A code from a code system the
 * server has not loaded (SNOMED CT, LOINC…) cannot be looked up, which is a warning; whether it
 * belongs to a bound value set is still checked, which is an error.
 */
@Component
class WriteValidator {

	private final FhirContext fhirContext;

	private final WorkerContextValidationSupportAdapter workerContext;

	private final InstanceValidatorPool<ValidatorAndParser> pool;

	WriteValidator(FhirContext fhirContext, WorkerContextValidationSupportAdapter workerContext) {
		this.fhirContext = fhirContext;
		this.workerContext = workerContext;
		this.pool = new InstanceValidatorPool<>(2 * Runtime.getRuntime().availableProcessors(),
				() -> new ValidatorAndParser(newValidator(), newParser()));
	}

	/** The errors (not warnings) in the resource, each with its FHIRPath location. */
	List<ProfileError> errors(IBaseResource resource, Collection<String> additionalProfiles) {
		List<ProfileError> errors = new ArrayList<>();
		// The core validator checks meta.profile itself but only warns about a profile it cannot find.
		for (IPrimitiveType<String> declared : resource.getMeta().getProfile()) {
			if (workerContext.fetchResource(StructureDefinition.class, declared.getValue()) == null) {
				errors.add(unknownProfile(resource, declared.getValue()));
			}
		}
		List<StructureDefinition> profiles = new ArrayList<>();
		for (String url : additionalProfiles) {
			StructureDefinition profile = workerContext.fetchResource(StructureDefinition.class, url);
			if (profile == null) {
				errors.add(unknownProfile(resource, url));
			}
			else {
				profiles.add(profile);
			}
		}
		byte[] json = fhirContext.newJsonParser().encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
		List<ValidationMessage> messages = new ArrayList<>();
		InstanceValidatorPool.Pooled<ValidatorAndParser> pooled = pool.borrow();
		try {
			// What InstanceValidator.validate(InputStream…) does, with a parser that is kept.
			for (ValidatedFragment fragment : pooled.instance.parser().parse(new ByteArrayInputStream(json))) {
				pooled.instance.validator().validate(null, messages, fragment.path(), fragment.getElement(), profiles);
				messages.addAll(fragment.getErrors());
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		finally {
			pool.giveBack(pooled);
		}
		for (ValidationMessage message : messages) {
			if (message.getLevel() == ValidationMessage.IssueSeverity.ERROR
					|| message.getLevel() == ValidationMessage.IssueSeverity.FATAL) {
				errors.add(new ProfileError(message.getLocation(), message.getMessage()));
			}
		}
		return errors;
	}

	private static ProfileError unknownProfile(IBaseResource resource, String url) {
		return new ProfileError(resource.fhirType() + ".meta.profile",
				"Profile " + url + " is not known to this server: install the package that defines it");
	}

	private InstanceValidator newValidator() {
		try {
			InstanceValidator validator = new InstanceValidator(workerContext,
					new FhirInstanceValidator.NullEvaluationContext(), new XVerExtensionManagerOld(workerContext),
					new ValidatorSession(), new ValidatorSettings());
			validator.setAnyExtensionsAllowed(true);
			validator.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
			validator.setResourceIdRule(IdStatus.OPTIONAL);
			validator.setErrorForUnknownProfiles(true);
			validator.setUnknownCodeSystemsCauseErrors(false);
			// Check a reference's form and target type, never fetch its target (see the class comment).
			validator.setPolicyAdvisor(new FhirDefaultPolicyAdvisor());
			return validator;
		}
		catch (Exception e) {
			throw new IllegalStateException("Could not build the FHIR validator", e);
		}
	}

	private JsonParser newParser() {
		JsonParser parser = new JsonParser(workerContext);
		parser.setupValidation(ValidationPolicy.EVERYTHING);
		return parser;
	}

	private record ValidatorAndParser(InstanceValidator validator, JsonParser parser) {
	}

	/** One error: where (FHIRPath) and what. */
	record ProfileError(String location, String message) {
	}

}
