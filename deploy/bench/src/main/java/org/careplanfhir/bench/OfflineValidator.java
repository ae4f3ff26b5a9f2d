package org.careplanfhir.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirDefaultPolicyAdvisor;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r5.elementmodel.Manager.FhirFormat;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.instance.InstanceValidator;

/**
 * A validator that knows R4 and the case-management package and nothing else, set up the way the
 * server validates writes: one reused core validator over a cached in-memory support chain;
 * unloaded code systems are warnings, value-set membership errors. Not thread-safe.
 */
public final class OfflineValidator {

	private final InstanceValidator validator;

	public OfflineValidator() throws IOException {
		PrePopulatedValidationSupport definitions = new PrePopulatedValidationSupport(ExamplePackage.FHIR);
		ExamplePackage.load().definitions().forEach(definitions::addResource);
		ValidationSupportChain chain = new ValidationSupportChain(definitions,
				new DefaultProfileValidationSupport(ExamplePackage.FHIR),
				new InMemoryTerminologyServerValidationSupport(ExamplePackage.FHIR),
				new CommonCodeSystemsTerminologyService(ExamplePackage.FHIR));
		WorkerContextValidationSupportAdapter context = new WorkerContextValidationSupportAdapter(chain);
		validator = new InstanceValidator(context, new FhirInstanceValidator.NullEvaluationContext(),
				new XVerExtensionManagerOld(context), new ValidatorSession(), new ValidatorSettings());
		validator.setAnyExtensionsAllowed(true);
		validator.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
		validator.setResourceIdRule(IdStatus.OPTIONAL);
		validator.setErrorForUnknownProfiles(true);
		validator.setUnknownCodeSystemsCauseErrors(false);
		validator.setPolicyAdvisor(new FhirDefaultPolicyAdvisor());
	}

	/** Every message for the resource, validated against the base spec and its meta.profile. */
	public List<ValidationMessage> validate(Resource resource) {
		byte[] json = ExamplePackage.FHIR.newJsonParser().encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
		List<ValidationMessage> messages = new ArrayList<>();
		validator.validate(null, messages, new ByteArrayInputStream(json), FhirFormat.JSON, List.of());
		return messages;
	}

	/** Only the errors, as "location: message". */
	public List<String> errors(Resource resource) {
		return validate(resource).stream()
			.filter(m -> m.getLevel() == ValidationMessage.IssueSeverity.ERROR
					|| m.getLevel() == ValidationMessage.IssueSeverity.FATAL)
			.map(m -> m.getLocation() + ": " + m.getMessage())
			.toList();
	}

}
