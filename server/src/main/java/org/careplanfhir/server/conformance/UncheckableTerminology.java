package org.careplanfhir.server.conformance;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.r5.model.CodeSystem;
import org.hl7.fhir.r5.model.Enumerations.CodeSystemContentMode;
import org.hl7.fhir.r5.model.ValueSet;
import org.hl7.fhir.utilities.validation.ValidationMessage;

/**
 * Tells a code the server could not check from a code that is wrong. US Core binds codes to value
 * sets that are built from VSAC's value sets or from code systems the server does not hold (CDC's
 * race and ethnicity codes, say); without them the value set cannot be expanded, and the validator
 * reports every code as "not found in the value set". Such a finding is what this server could not
 * check, not an error of the resource. A value set the server can expand (its own, which enumerate
 * their SNOMED CT and LOINC codes, or one over a code system it holds) still gives an error for a
 * code it does not contain.
 */
final class UncheckableTerminology {

	/** How the validator names the value set a code was checked against: {@code value set 'Title' (url|version)}. */
	private static final Pattern VALUE_SET = Pattern.compile("value set '[^']*' \\(([^|)\\s]+)(?:\\|[^)]*)?\\)");

	private final IWorkerContext context;

	UncheckableTerminology(IWorkerContext context) {
		this.context = context;
	}

	/** What the server lacks to check the finding, or empty when the finding stands as an error. */
	Optional<String> whatIsMissing(ValidationMessage message) {
		Matcher valueSet = VALUE_SET.matcher(message.getMessage() == null ? "" : message.getMessage());
		if (!valueSet.find()) {
			return Optional.empty();
		}
		return missingFor(valueSet.group(1), new HashSet<>());
	}

	private Optional<String> missingFor(String url, Set<String> visited) {
		if (!visited.add(url)) {
			return Optional.empty();
		}
		ValueSet valueSet = context.fetchResource(ValueSet.class, url);
		if (valueSet == null) {
			return Optional.of("this server does not hold value set " + url);
		}
		for (ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
			for (var imported : include.getValueSet()) {
				Optional<String> missing = missingFor(imported.getValue(), visited);
				if (missing.isPresent()) {
					return Optional.of("value set " + url + " is built from " + imported.getValue() + ", and "
							+ missing.get());
				}
			}
			if (include.hasSystem() && !include.hasConcept() && !holdsAllOf(include.getSystem())) {
				return Optional.of("value set " + url + " includes codes of " + include.getSystem()
						+ ", a code system this server does not hold");
			}
		}
		return Optional.empty();
	}

	private boolean holdsAllOf(String system) {
		CodeSystem codeSystem = context.fetchCodeSystem(system);
		return codeSystem != null && codeSystem.getContent() == CodeSystemContentMode.COMPLETE;
	}

}
