package org.careplanfhir.server.conformance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.careplanfhir.profiles.validation.CareplanValidator;
import org.careplanfhir.server.conformance.compiled.CompiledChecks;
import org.careplanfhir.server.storage.LookupsThatMayFail;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Validates a resource about to be stored against the base specification, the profiles in its
 * {@code meta.profile} and any others given, through HAPI's validation support chain (installed
 * packages, stored conformance resources, terminology) whose caches keep parsed profiles and
 * expansions between writes. The validator's settings are those the bench and the profile tests
 * use too ({@link CareplanValidator}): references are checked for form and target type but not
 * resolved (inside a transaction they may point at resources not stored yet); a code from a code
 * system the server has not loaded (SNOMED CT, LOINC…) cannot be looked up, which is a warning,
 * while whether it belongs to a bound value set is still checked, which is an error.
 *
 * <p>Most writes never reach the HL7 validator: {@link CompiledChecks} accepts a conforming
 * case-management record in a fraction of the time, and hands everything else (every resource with an
 * error among them) to the HL7 validator, whose findings the client then gets.
 */
@Component
class WriteValidator implements ProfileValidator {

	private static final Logger log = LoggerFactory.getLogger(WriteValidator.class);

	private final FhirContext fhirContext;

	private final WorkerContextValidationSupportAdapter workerContext;

	private final InstanceValidatorPool<CareplanValidator> pool;

	private final UncheckableTerminology terminology;

	private final CompiledChecks compiledChecks;

	private final Counter acceptedByCompiledChecks;

	private final Counter checkedByReference;

	WriteValidator(FhirContext fhirContext, WorkerContextValidationSupportAdapter workerContext,
			IValidationSupport validationSupport, ValidationProperties properties, MeterRegistry meters) {
		this.fhirContext = fhirContext;
		this.acceptedByCompiledChecks = Counter.builder("careplan.validation.checks")
			.description("Writes checked against profiles, by what judged them")
			.tag("by", "compiled")
			.register(meters);
		this.checkedByReference = Counter.builder("careplan.validation.checks").tag("by", "hl7-validator").register(meters);
		this.compiledChecks = properties.compiledChecks() ? new CompiledChecks(fhirContext, validationSupport) : null;
		this.workerContext = workerContext;
		this.terminology = new UncheckableTerminology(workerContext);
		this.pool = new InstanceValidatorPool<>(2 * Runtime.getRuntime().availableProcessors(),
				() -> new CareplanValidator(workerContext));
	}

	@Override
	public Findings validate(IBaseResource resource, Collection<String> additionalProfiles) {
		if (compiledChecks != null) {
			Optional<String> handedOver = LookupsThatMayFail
				.run(() -> compiledChecks.reasonToAskTheReference(resource, additionalProfiles));
			if (handedOver.isEmpty()) {
				acceptedByCompiledChecks.increment();
				return new Findings(List.of(), List.of());
			}
			log.debug("{} goes to the HL7 validator: {}", resource.getIdElement(), handedOver.get());
		}
		checkedByReference.increment();
		return validateWithReference(resource, additionalProfiles);
	}

	/** Has the compiled checks look their terminology up again on the next write. */
	void forgetCompiledTerminology() {
		if (compiledChecks != null) {
			compiledChecks.forgetTerminology();
		}
	}

	/** What the HL7 validator finds: the verdict the compiled checks are held to. */
	Findings validateWithReference(IBaseResource resource, Collection<String> additionalProfiles) {
		List<ProfileError> errors = new ArrayList<>();
		List<ProfileError> notChecked = new ArrayList<>();
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
		List<ValidationMessage> messages;
		InstanceValidatorPool.Pooled<CareplanValidator> pooled = pool.borrow();
		try {
			messages = LookupsThatMayFail.run(() -> pooled.instance.validate(json, profiles));
		}
		catch (Error gaveUp) {
			if (gaveUp.getClass() != Error.class) {
				throw gaveUp;
			}
			// The core validator stops with a bare Error on some input the specification allows (two
			// codes on one MeasureReport stratifier): what it had not reached is not checked. The
			// instance is not lent again, in case the crash left it half-way through a resource.
			log.warn("The HL7 validator gave up on a {}: {}", resource.fhirType(), gaveUp.getMessage());
			return new Findings(errors, List.of(new ProfileError(resource.fhirType(),
					"The HL7 validator could not finish checking this " + resource.fhirType() + " (" + gaveUp.getMessage()
							+ "). Not checked: the rest of its profile checks.")));
		}
		pool.giveBack(pooled);
		for (ValidationMessage message : messages) {
			if (!CareplanValidator.isError(message)) {
				continue;
			}
			Optional<String> missing = terminology.whatIsMissing(message);
			if (missing.isPresent()) {
				notChecked.add(new ProfileError(message.getLocation(), message.getMessage() + " Not checked: " + missing.get()));
			}
			else {
				errors.add(new ProfileError(message.getLocation(), message.getMessage()));
			}
		}
		return new Findings(errors, notChecked);
	}

	// The core validator checks meta.profile itself but only warns about a profile it cannot find.
	@Override
	public List<String> unknownProfiles(IBaseResource resource) {
		return resource.getMeta()
			.getProfile()
			.stream()
			.map(IPrimitiveType::getValue)
			.filter(url -> workerContext.fetchResource(StructureDefinition.class, url) == null)
			.toList();
	}

	private static ProfileError unknownProfile(IBaseResource resource, String url) {
		return new ProfileError(resource.fhirType() + ".meta.profile",
				"Profile " + url + " is not known to this server: install the package that defines it");
	}

}
