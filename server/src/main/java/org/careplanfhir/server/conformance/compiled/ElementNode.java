package org.careplanfhir.server.conformance.compiled;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Enumerations.BindingStrength;

/**
 * One element definition of a snapshot, reduced to what a write is checked against: how many, which
 * types, fixed or pattern value, binding, invariants, and how its repetitions are sliced.
 */
final class ElementNode {

	final String id;

	final String name;

	final int min;

	/** -1 for unbounded. */
	final int max;

	/** Type codes allowed here; empty when the definition names none (the root). */
	final Set<String> types;

	/** For a Reference, the resource types it may point at; null when any. */
	final Set<String> referenceTargets;

	/** Profiles the element's type must conform to (an extension slice's definition, for one). */
	final List<String> typeProfiles;

	final Base fixed;

	final Base pattern;

	final BindingStrength bindingStrength;

	final String valueSet;

	final List<Invariant> invariants;

	final Integer maxLength;

	/** Set when the definition reuses another element's content, which these checks do not follow. */
	final boolean contentReference;

	final Map<String, ElementNode> children = new LinkedHashMap<>();

	Slicing slicing;

	ElementNode(String id, String name, int min, int max, Set<String> types, Set<String> referenceTargets,
			List<String> typeProfiles, Base fixed, Base pattern, BindingStrength bindingStrength, String valueSet,
			List<Invariant> invariants, Integer maxLength, boolean contentReference) {
		this.id = id;
		this.name = name;
		this.min = min;
		this.max = max;
		this.types = types;
		this.referenceTargets = referenceTargets;
		this.typeProfiles = typeProfiles;
		this.fixed = fixed;
		this.pattern = pattern;
		this.bindingStrength = bindingStrength;
		this.valueSet = valueSet;
		this.invariants = invariants;
		this.maxLength = maxLength;
		this.contentReference = contentReference;
	}

	boolean isLeaf() {
		return children.isEmpty();
	}

	/** An error-severity constraint, its FHIRPath parsed once. */
	record Invariant(String key, String expression, ExpressionNode parsed) {
	}

	/**
	 * How the repetitions of an element are told apart.
	 *
	 * @param discriminators what tells a slice from another
	 * @param closed whether a repetition matching no slice is an error
	 * @param slices the named slices in order
	 */
	record Slicing(List<Discriminator> discriminators, boolean closed, List<Slice> slices) {
	}

	/** {@code value} and {@code pattern} compare what is at the path; {@code type} the repetition's type. */
	record Discriminator(Kind kind, String path) {

		enum Kind {
			VALUE, PATTERN, TYPE
		}

	}

	/**
	 * @param expected for each discriminator, the value (or type code) a repetition must have at its
	 * path to belong to the slice
	 */
	record Slice(String name, ElementNode node, List<Object> expected) {
	}

}
