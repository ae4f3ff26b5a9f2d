package org.careplanfhir.server.conformance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import ca.uhn.fhir.context.support.IValidationSupport;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.StructureDefinition;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /profiles}: the case-management package's profiles and extensions as a page a person can
 * read (what each constrains, must support, binds and requires), rendered from the same
 * StructureDefinitions every write is checked against, so it cannot drift from them.
 */
@Controller
class ProfileDocumentation {

	static final String OURS = "http://careplan-fhir.org/fhir/StructureDefinition/";

	private final IValidationSupport validationSupport;

	ProfileDocumentation(IValidationSupport validationSupport) {
		this.validationSupport = validationSupport;
	}

	/** One row of a profile's table: what its differential says of one element. */
	record ElementRow(String path, String cardinality, boolean mustSupport, String binding, String value, String note) {
	}

	record Invariant(String key, String severity, String human, String expression) {
	}

	record Documented(String id, String title, String url, String type, String parent, String description,
			List<ElementRow> elements, List<Invariant> invariants) {
	}

	@GetMapping("/profiles")
	String profiles(Model model) {
		List<Documented> profiles = new ArrayList<>();
		List<Documented> extensions = new ArrayList<>();
		for (StructureDefinition definition : ours()) {
			Documented documented = document(definition);
			("Extension".equals(definition.getType()) ? extensions : profiles).add(documented);
		}
		model.addAttribute("profiles", profiles);
		model.addAttribute("extensions", extensions);
		return "profiles";
	}

	private List<StructureDefinition> ours() {
		List<StructureDefinition> all = validationSupport.fetchAllStructureDefinitions();
		return (all == null ? List.<StructureDefinition>of() : all).stream()
			.filter(StructureDefinition.class::isInstance)
			.filter(definition -> definition.getUrl() != null && definition.getUrl().startsWith(OURS))
			.sorted(Comparator.comparing(StructureDefinition::getType).thenComparing(StructureDefinition::getId))
			.toList();
	}

	private static Documented document(StructureDefinition definition) {
		List<ElementRow> rows = new ArrayList<>();
		List<Invariant> invariants = new ArrayList<>();
		for (ElementDefinition element : definition.getDifferential().getElement()) {
			element.getConstraint().forEach(constraint -> invariants.add(new Invariant(constraint.getKey(),
					constraint.hasSeverity() ? constraint.getSeverity().toCode() : "", constraint.getHuman(),
					constraint.getExpression())));
			if (!element.getPath().contains(".") && !element.hasSliceName()) {
				continue;
			}
			String name = element.hasSliceName() ? element.getPath() + ":" + element.getSliceName() : element.getPath();
			String cardinality = element.hasMin() || element.hasMax()
					? (element.hasMin() ? String.valueOf(element.getMin()) : "") + ".." + (element.hasMax() ? element.getMax() : "")
					: "";
			String binding = element.hasBinding() && element.getBinding().hasValueSet()
					? element.getBinding().getValueSet() + " (" + element.getBinding().getStrength().toCode() + ")" : "";
			String value = element.hasFixed() ? "fixed " + summary(element.getFixed())
					: element.hasPattern() ? "pattern " + summary(element.getPattern()) : "";
			rows.add(new ElementRow(name, cardinality, element.getMustSupport(), binding, value,
					element.hasShort() ? element.getShort() : ""));
		}
		String parent = definition.getBaseDefinition();
		return new Documented(definition.getIdElement().getIdPart(), definition.hasTitle() ? definition.getTitle()
				: definition.getName(), definition.getUrl(), definition.getType(), parent, definition.getDescription(), rows,
				invariants);
	}

	private static String summary(org.hl7.fhir.r4.model.Type value) {
		if (value.isPrimitive()) {
			return value.primitiveValue();
		}
		if (value instanceof org.hl7.fhir.r4.model.CodeableConcept concept && concept.hasCoding()) {
			return concept.getCodingFirstRep().getSystem() + "#" + concept.getCodingFirstRep().getCode();
		}
		if (value instanceof org.hl7.fhir.r4.model.Coding coding) {
			return coding.getSystem() + "#" + coding.getCode();
		}
		return value.fhirType();
	}

}
