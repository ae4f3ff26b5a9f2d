package org.careplanfhir.server.conformance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import ca.uhn.fhir.context.FhirContext;
import org.careplanfhir.profiles.validation.CareplanValidator;
import org.careplanfhir.server.storage.LookupsThatMayFail;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.utilities.validation.ValidationMessage;

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
 */
@Component
class WriteValidator implements ProfileValidator {

	private final FhirContext fhirContext;

	private final WorkerContextValidationSupportAdapter workerContext;

	private final InstanceValidatorPool<CareplanValidator> pool;

	private final UncheckableTerminology terminology;

	WriteValidator(FhirContext fhirContext, WorkerContextValidationSupportAdapter workerContext) {
		this.fhirContext = fhirContext;
		this.workerContext = workerContext;
		this.terminology = new UncheckableTerminology(workerContext);
		this.pool = new InstanceValidatorPool<>(2 * Runtime.getRuntime().availableProcessors(),
				() -> new CareplanValidator(workerContext));
	}

	@Override
	public Findings validate(IBaseResource resource, Collection<String> additionalProfiles) {
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
		finally {
			pool.giveBack(pooled);
		}
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
