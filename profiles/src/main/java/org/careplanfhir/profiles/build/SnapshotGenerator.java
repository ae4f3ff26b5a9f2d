package org.careplanfhir.profiles.build;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.ProfileKnowledgeWorkerR5;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.convertors.factory.VersionConvertorFactory_40_50;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r5.conformance.profile.ProfileUtilities;
import org.hl7.fhir.utilities.validation.ValidationMessage;

/**
 * Gives every StructureDefinition of the package a snapshot, parents before children, and fails on
 * any error the generator reports: a package whose snapshots are wrong must not be built. Each
 * snapshot is then cleaned of what the HL7 validator rejects in a package ({@link SnapshotCleanup}).
 */
final class SnapshotGenerator {

	private final FhirContext fhir;
	private final PrePopulatedValidationSupport packageDefinitions;
	private final WorkerContextValidationSupportAdapter workerContext;

	SnapshotGenerator(FhirContext fhir, List<MetadataResource> conformanceResources) {
		this.fhir = fhir;
		this.packageDefinitions = new PrePopulatedValidationSupport(fhir);
		conformanceResources.forEach(packageDefinitions::addResource);
		ValidationSupportChain chain = new ValidationSupportChain(packageDefinitions,
				new DefaultProfileValidationSupport(fhir), new InMemoryTerminologyServerValidationSupport(fhir),
				new CommonCodeSystemsTerminologyService(fhir));
		this.workerContext = new WorkerContextValidationSupportAdapter(chain);
	}

	/** Returns the definitions with snapshots, in dependency order; throws listing every error. */
	List<StructureDefinition> generate(List<StructureDefinition> definitions) {
		Map<String, StructureDefinition> byUrl = new LinkedHashMap<>();
		definitions.forEach(sd -> byUrl.put(sd.getUrl(), sd));
		List<StructureDefinition> done = new ArrayList<>();
		List<String> errors = new ArrayList<>();
		for (StructureDefinition sd : definitions) {
			generateWithParents(sd, byUrl, done, errors);
		}
		if (!errors.isEmpty()) {
			throw new IllegalStateException("Snapshot generation failed:\n  " + String.join("\n  ", errors));
		}
		return done;
	}

	private void generateWithParents(StructureDefinition sd, Map<String, StructureDefinition> byUrl,
			List<StructureDefinition> done, List<String> errors) {
		if (done.stream().anyMatch(d -> d.getUrl().equals(sd.getUrl()))) {
			return;
		}
		StructureDefinition parent = byUrl.get(sd.getBaseDefinition());
		if (parent != null) {
			generateWithParents(parent, byUrl, done, errors);
		}
		StructureDefinition withSnapshot = snapshotOf(sd, errors);
		packageDefinitions.addResource(withSnapshot); // children see the parent's snapshot
		done.add(withSnapshot);
	}

	private StructureDefinition snapshotOf(StructureDefinition sd, List<String> errors) {
		var canonical = (org.hl7.fhir.r5.model.StructureDefinition) VersionConvertorFactory_40_50
			.convertResource(sd.copy().setSnapshot(null));
		var base = workerContext.fetchResource(org.hl7.fhir.r5.model.StructureDefinition.class,
				canonical.getBaseDefinition());
		if (base == null) {
			errors.add(sd.getUrl() + ": unknown base definition " + canonical.getBaseDefinition());
			return sd;
		}
		List<ValidationMessage> messages = new ArrayList<>();
		new ProfileUtilities(workerContext, messages, new ProfileKnowledgeWorkerR5(fhir)).generateSnapshot(base,
				canonical, canonical.getUrl(), canonical.getUrl(), canonical.getName());
		messages.stream()
			.filter(m -> m.getLevel() == ValidationMessage.IssueSeverity.ERROR
					|| m.getLevel() == ValidationMessage.IssueSeverity.FATAL)
			.forEach(m -> errors.add(sd.getUrl() + " at " + m.getLocation() + ": " + m.getMessage()));
		StructureDefinition result = (StructureDefinition) VersionConvertorFactory_40_50.convertResource(canonical);
		SnapshotCleanup.clean(result);
		return result;
	}
}
