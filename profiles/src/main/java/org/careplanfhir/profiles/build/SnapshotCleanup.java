package org.careplanfhir.profiles.build;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.ElementDefinition.ElementDefinitionExampleComponent;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.UriType;

/**
 * Removes from a generated snapshot what the generator or the base specification put there and the
 * HL7 validator rejects in a package that depends only on R4 core (and US Core):
 * <ul>
 * <li>extensions of the HL7 tooling package ({@code http://hl7.org/fhir/tools/StructureDefinition/…},
 * such as {@code snapshot-base-version}), with which the generator marks its output: the package does not
 * depend on the tooling package, so they cannot be resolved;</li>
 * <li>examples inherited from the base definitions whose value is a made-up URL, such as R4's
 * {@code Identifier.system} example {@code http://www.acme.com/identifiers/patient}, which lands in any
 * profile that constrains an identifier's system: the validator allows such URLs only in example
 * instances. Examples a profile declares itself are kept.</li>
 * </ul>
 * Neither changes what an instance must contain.
 */
final class SnapshotCleanup {

	static final String TOOLING_EXTENSIONS = "http://hl7.org/fhir/tools/StructureDefinition/";

	/** Domains used for made-up URLs, as the HL7 validator recognises them. */
	private static final List<String> PLACEHOLDER_DOMAINS = List.of("example.org", "example.com", "example.net",
			"acme.com", "acme.org");

	private SnapshotCleanup() {
	}

	static void clean(StructureDefinition sd) {
		removeToolingExtensions(sd.getSnapshot());
		Map<String, ElementDefinition> differential = sd.getDifferential()
			.getElement()
			.stream()
			.filter(ElementDefinition::hasId)
			.collect(Collectors.toMap(ElementDefinition::getId, Function.identity(), (a, b) -> a));
		for (ElementDefinition element : sd.getSnapshot().getElement()) {
			ElementDefinition declared = differential.get(element.getId());
			element.getExample().removeIf(example -> isPlaceholderUrl(example) && !declares(declared, example));
		}
	}

	private static void removeToolingExtensions(Base node) {
		if (node instanceof Element element) {
			element.getExtension().removeIf(e -> e.getUrl() != null && e.getUrl().startsWith(TOOLING_EXTENSIONS));
		}
		for (Property property : node.children()) {
			property.getValues().forEach(SnapshotCleanup::removeToolingExtensions);
		}
	}

	private static boolean isPlaceholderUrl(ElementDefinitionExampleComponent example) {
		if (!(example.getValue() instanceof UriType uri) || uri.getValue() == null) {
			return false;
		}
		String host = uri.getValue().replaceFirst("^[a-z]+://", "").replaceFirst("[/?#:].*$", "");
		return PLACEHOLDER_DOMAINS.stream().anyMatch(domain -> host.equals(domain) || host.endsWith("." + domain));
	}

	private static boolean declares(ElementDefinition differential, ElementDefinitionExampleComponent example) {
		return differential != null && differential.getExample().stream().anyMatch(own -> own.equalsDeep(example));
	}
}
