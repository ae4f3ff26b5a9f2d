package org.careplanfhir.profiles.validation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
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
import org.hl7.fhir.validation.codesystem.CodingsObserver;
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
		finally {
			forgetCodingsSeen();
		}
		return messages;
	}

	/**
	 * The core validator notes every coding it meets, with the path to it, for a check of IPS codes
	 * that is off here, and never lets them go: a validator kept for reuse would keep every resource
	 * it ever validated (a server's heap filled in minutes of writes). Emptied after each validation.
	 */
	private void forgetCodingsSeen() {
		codingsSeen().clear();
	}

	/** The list the core validator notes codings in (package-visible for the test that watches it). */
	List<?> codingsSeen() {
		try {
			Object observer = CODING_OBSERVER.get(validator);
			return (List<?>) CODINGS_SEEN.get(observer);
		}
		catch (IllegalAccessException e) {
			throw new IllegalStateException("The HL7 validator's coding list cannot be read", e);
		}
	}

	private static final Field CODING_OBSERVER = accessible(InstanceValidator.class, "codingObserver");

	private static final Field CODINGS_SEEN = accessible(CodingsObserver.class, "list");

	/** Fails at class load, with the field named, if a new HL7 validator renamed what this clears. */
	private static Field accessible(Class<?> owner, String name) {
		try {
			Field field = owner.getDeclaredField(name);
			field.setAccessible(true);
			return field;
		}
		catch (NoSuchFieldException e) {
			throw new IllegalStateException(owner.getName() + "." + name + " is gone: check that a reused validator"
					+ " still forgets the codings it saw (see CareplanValidator.forgetCodingsSeen)", e);
		}
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
