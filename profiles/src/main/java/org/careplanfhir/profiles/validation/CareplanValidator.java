package org.careplanfhir.profiles.validation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.common.hapi.validation.validator.FhirDefaultPolicyAdvisor;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r5.context.IWorkerContext;
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

/**
 * The HL7 core validator with the settings Careplan FHIR Server checks every write with, in one place
 * so that the server, the benchmark and the profile tests judge a resource alike. The caller brings
 * the definitions and terminology ({@code context}): the server its database-backed chain, offline
 * users {@link OfflineValidator}'s in-memory one.
 *
 * <p>The validator and its JSON parser are built once and reused: building them costs more than
 * validating a typical resource (see the server's validator pool). Neither is thread-safe: one
 * instance serves one validation at a time.
 */
public final class CareplanValidator {

	private final InstanceValidator validator;

	private final JsonParser parser;

	public CareplanValidator(IWorkerContext context) {
		this.validator = newValidator(context);
		this.parser = new JsonParser(context);
		parser.setupValidation(ValidationPolicy.EVERYTHING);
	}

	/**
	 * Every message (errors, warnings, information) for a resource in JSON, checked against the base
	 * specification, the profiles in its {@code meta.profile} and {@code profiles}.
	 */
	public List<ValidationMessage> validate(byte[] json, List<StructureDefinition> profiles) {
		List<ValidationMessage> messages = new ArrayList<>();
		try {
			// What InstanceValidator.validate(InputStream…) does, with a parser that is kept.
			for (ValidatedFragment fragment : parser.parse(new ByteArrayInputStream(json))) {
				validator.validate(null, messages, fragment.path(), fragment.getElement(), profiles);
				messages.addAll(fragment.getErrors());
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return messages;
	}

	/** Whether a message makes the resource invalid (warnings and information do not). */
	public static boolean isError(ValidationMessage message) {
		return message.getLevel() == ValidationMessage.IssueSeverity.ERROR
				|| message.getLevel() == ValidationMessage.IssueSeverity.FATAL;
	}

	private static InstanceValidator newValidator(IWorkerContext context) {
		InstanceValidator validator = new InstanceValidator(context, new FhirInstanceValidator.NullEvaluationContext(),
				new XVerExtensionManagerOld(context), new ValidatorSession(), new ValidatorSettings());
		// Extensions the package does not define are allowed: partners add their own.
		validator.setAnyExtensionsAllowed(true);
		validator.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
		// A create carries no id, an update does: both are checked by the same validator.
		validator.setResourceIdRule(IdStatus.OPTIONAL);
		validator.setErrorForUnknownProfiles(true);
		// SNOMED CT, LOINC and NUCC are not loaded by default: a code that cannot be looked up in them
		// is a warning, while its membership in a value set we enumerate is still checked (an error).
		validator.setUnknownCodeSystemsCauseErrors(false);
		// Check a reference's form and target type, never fetch its target: inside a transaction it
		// may point at a resource not stored yet.
		validator.setPolicyAdvisor(new FhirDefaultPolicyAdvisor());
		return validator;
	}

}
