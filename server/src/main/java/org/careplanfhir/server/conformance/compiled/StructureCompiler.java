package org.careplanfhir.server.conformance.compiled;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.careplanfhir.server.conformance.compiled.ElementNode.Discriminator;
import org.careplanfhir.server.conformance.compiled.ElementNode.Invariant;
import org.careplanfhir.server.conformance.compiled.ElementNode.Slice;
import org.careplanfhir.server.conformance.compiled.ElementNode.Slicing;
import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.ElementDefinition.ConstraintSeverity;
import org.hl7.fhir.r4.model.ElementDefinition.ElementDefinitionSlicingDiscriminatorComponent;
import org.hl7.fhir.r4.model.ElementDefinition.TypeRefComponent;
import org.hl7.fhir.r4.model.Enumerations.BindingStrength;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.StructureDefinition.ExtensionContextType;

/**
 * Turns a snapshot into an {@link ElementNode} tree: element ids give the nesting and the slices
 * ({@code CarePlan.category:specialty.coding}), the slice's fixed or pattern values what tells its
 * repetitions apart. Anything the checks do not implement (re-slicing, profile or exists
 * discriminators, ordered slicing, a discriminator without a value to compare) makes the definition
 * uncompilable rather than half-checked.
 */
final class StructureCompiler {

	private final Function<String, ExpressionNode> fhirPath;

	private final Function<String, String> typeOfProfile;

	/**
	 * @param fhirPath parses an invariant's expression
	 * @param typeOfProfile the resource type a target profile constrains, or null if unknown
	 */
	StructureCompiler(Function<String, ExpressionNode> fhirPath, Function<String, String> typeOfProfile) {
		this.fhirPath = fhirPath;
		this.typeOfProfile = typeOfProfile;
	}

	CompiledStructure compile(StructureDefinition definition) {
		if (!definition.hasSnapshot() || definition.getSnapshot().getElement().isEmpty()) {
			throw new Uncompilable(definition.getUrl() + " has no snapshot");
		}
		Map<String, ElementNode> byId = new HashMap<>();
		Map<String, Slicing> pendingSlicing = new HashMap<>();
		ElementNode root = null;
		for (ElementDefinition element : definition.getSnapshot().getElement()) {
			String id = element.hasId() ? element.getId() : element.getPath();
			if (id.contains("/")) {
				throw new Uncompilable(id + " re-slices");
			}
			int lastDot = id.lastIndexOf('.');
			String last = lastDot < 0 ? id : id.substring(lastDot + 1);
			int colon = last.indexOf(':');
			String name = colon < 0 ? last : last.substring(0, colon);
			ElementNode node = node(element, name);
			byId.put(id, node);
			if (lastDot < 0) {
				root = node;
			}
			else {
				ElementNode parent = byId.get(id.substring(0, lastDot));
				if (parent == null) {
					throw new Uncompilable(id + " comes before its parent");
				}
				if (colon < 0) {
					parent.children.put(name, node);
				}
				else {
					ElementNode sliced = parent.children.get(name);
					if (sliced == null || sliced.slicing == null) {
						throw new Uncompilable(id + " is a slice of an element that is not sliced");
					}
					sliced.slicing.slices().add(new Slice(last.substring(colon + 1), node, null));
				}
			}
			if (element.hasSlicing()) {
				node.slicing = slicing(element);
				pendingSlicing.put(id, node.slicing);
			}
		}
		if (root == null) {
			throw new Uncompilable(definition.getUrl() + " has no root element");
		}
		for (ElementNode node : byId.values()) {
			if (node.slicing != null) {
				node.slicing = withExpectations(node.slicing);
			}
		}
		List<String> contexts = new ArrayList<>();
		for (StructureDefinition.StructureDefinitionContextComponent context : definition.getContext()) {
			if (context.getType() != ExtensionContextType.ELEMENT) {
				throw new Uncompilable(definition.getUrl() + " has a context of type " + context.getType());
			}
			contexts.add(context.getExpression());
		}
		return new CompiledStructure(definition.getUrl(), definition.getType(), root, definition, contexts);
	}

	private ElementNode node(ElementDefinition element, String name) {
		Set<String> types = new LinkedHashSet<>();
		Set<String> targets = null;
		List<String> profiles = new ArrayList<>();
		for (TypeRefComponent type : element.getType()) {
			types.add(type.getWorkingCode());
			for (CanonicalType profile : type.getProfile()) {
				profiles.add(withoutVersion(profile.getValue()));
			}
			if ("Reference".equals(type.getWorkingCode()) && type.hasTargetProfile()) {
				targets = targets == null ? new LinkedHashSet<>() : targets;
				for (CanonicalType target : type.getTargetProfile()) {
					String targetType = typeOfProfile.apply(withoutVersion(target.getValue()));
					if (targetType == null) {
						throw new Uncompilable(element.getId() + " targets unknown profile " + target.getValue());
					}
					targets.add(targetType);
				}
			}
		}
		if (targets != null && (targets.contains("Resource") || targets.contains("DomainResource"))) {
			targets = null;
		}
		List<Invariant> invariants = new ArrayList<>();
		for (ElementDefinition.ElementDefinitionConstraintComponent constraint : element.getConstraint()) {
			if (constraint.getSeverity() == ConstraintSeverity.ERROR && constraint.hasExpression()) {
				invariants.add(new Invariant(constraint.getKey(), constraint.getExpression(),
						fhirPath.apply(constraint.getExpression())));
			}
		}
		BindingStrength strength = null;
		String valueSet = null;
		if (element.hasBinding() && element.getBinding().hasValueSet()) {
			strength = element.getBinding().getStrength();
			valueSet = withoutVersion(element.getBinding().getValueSet());
		}
		int max = "*".equals(element.getMax()) ? -1 : Integer.parseInt(element.getMax());
		Base fixed = element.hasFixed() ? element.getFixed() : null;
		Base pattern = element.hasPattern() ? element.getPattern() : null;
		return new ElementNode(element.getId(), name, element.getMin(), max, types, targets, profiles, fixed, pattern,
				strength, valueSet, invariants, element.hasMaxLength() ? element.getMaxLength() : null,
				element.hasContentReference());
	}

	private static Slicing slicing(ElementDefinition element) {
		ElementDefinition.ElementDefinitionSlicingComponent slicing = element.getSlicing();
		if (slicing.getOrdered()) {
			throw new Uncompilable(element.getId() + " has ordered slicing");
		}
		List<Discriminator> discriminators = new ArrayList<>();
		for (ElementDefinitionSlicingDiscriminatorComponent discriminator : slicing.getDiscriminator()) {
			Discriminator.Kind kind = switch (discriminator.getType()) {
				case VALUE -> Discriminator.Kind.VALUE;
				case PATTERN -> Discriminator.Kind.PATTERN;
				case TYPE -> Discriminator.Kind.TYPE;
				default -> throw new Uncompilable(element.getId() + " slices by " + discriminator.getType());
			};
			discriminators.add(new Discriminator(kind, discriminator.getPath()));
		}
		if (discriminators.isEmpty()) {
			throw new Uncompilable(element.getId() + " is sliced without a discriminator");
		}
		boolean closed = slicing.getRules() == ElementDefinition.SlicingRules.CLOSED;
		return new Slicing(discriminators, closed, new ArrayList<>());
	}

	/** Works out, for every slice, the value each discriminator expects. */
	private static Slicing withExpectations(Slicing slicing) {
		List<Slice> slices = new ArrayList<>();
		for (Slice slice : slicing.slices()) {
			List<Object> expected = new ArrayList<>();
			for (Discriminator discriminator : slicing.discriminators()) {
				expected.add(expectation(slice, discriminator));
			}
			slices.add(new Slice(slice.name(), slice.node(), expected));
		}
		return new Slicing(slicing.discriminators(), slicing.closed(), slices);
	}

	private static Object expectation(Slice slice, Discriminator discriminator) {
		ElementNode node = slice.node();
		if (discriminator.kind() == Discriminator.Kind.TYPE) {
			if (!"$this".equals(discriminator.path()) || node.types.size() != 1) {
				throw new Uncompilable(node.id + ": a type discriminator needs $this and one type");
			}
			return node.types.iterator().next();
		}
		if (!"$this".equals(discriminator.path())) {
			for (String step : discriminator.path().split("\\.")) {
				ElementNode child = node.children.get(step);
				if (child == null) {
					if ("url".equals(discriminator.path()) && node.typeProfiles.size() == 1) {
						return new org.hl7.fhir.r4.model.UriType(node.typeProfiles.get(0));
					}
					throw new Uncompilable(node.id + " has nothing at " + discriminator.path());
				}
				node = child;
			}
		}
		if (node.fixed != null) {
			return node.fixed;
		}
		if (node.pattern != null) {
			return node.pattern;
		}
		throw new Uncompilable(slice.node().id + " gives no value for " + discriminator.path());
	}

	static String withoutVersion(String canonical) {
		int bar = canonical.indexOf('|');
		return bar < 0 ? canonical : canonical.substring(0, bar);
	}

}
