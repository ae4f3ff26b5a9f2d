package org.careplanfhir.server.conformance.compiled;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.careplanfhir.server.conformance.compiled.Definitions.CodeSystemKnowledge;
import org.careplanfhir.server.conformance.compiled.ElementNode.Discriminator;
import org.careplanfhir.server.conformance.compiled.ElementNode.Invariant;
import org.careplanfhir.server.conformance.compiled.ElementNode.Slice;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.BindingStrength;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * One resource checked against its compiled definitions: the base specification's for its type and
 * every datatype it uses, its profiles, and the extensions it carries. The walk stops at the first
 * thing that fails or that it does not implement, and says what: the resource then goes to the
 * reference validator, which finds and words the errors.
 */
final class InstanceCheck {

	private static final Pattern LITERAL_REFERENCE = Pattern
		.compile("([A-Z][A-Za-z]+)/[A-Za-z0-9\\-.]{1,64}(/_history/[A-Za-z0-9\\-.]{1,64})?");

	/**
	 * A conditional reference ({@code Patient?identifier=http://hospital.example/mrn|123}), which a
	 * transaction entry may hold until HAPI resolves it on storing the entry. The reference validator
	 * only asks that its query be a list of {@code name=value} pairs; this form is narrower (no
	 * whitespace, no hyphen in a name), and a reference of any other form goes to the reference.
	 */
	private static final Pattern CONDITIONAL_REFERENCE = Pattern
		.compile("([A-Z][A-Za-z]+)\\?[_A-Za-z][_A-Za-z0-9.:]*=[^=&\\s]*(&[_A-Za-z][_A-Za-z0-9.:]*=[^=&\\s]*)*");

	/** Elements the compiled checks leave to the reference validator wherever they appear. */
	private static final List<String> LEFT_TO_THE_REFERENCE = List.of("contained", "modifierExtension", "implicitRules",
			"language");

	/** Invariants these checks establish themselves, without FHIRPath. */
	private static final Set<String> ESTABLISHED = Set.of("ele-1", "ext-1", "txt-1", "txt-2", "dom-2", "dom-3",
			"dom-4", "dom-5");

	/**
	 * Code systems checked by services rather than held as concepts (UCUM, BCP 47...): the validation
	 * support the reference validator asks is asked here too.
	 */
	private static final Set<String> CHECKED_BY_SERVICES = Set.of("http://unitsofmeasure.org", "urn:ietf:bcp:47",
			"urn:ietf:bcp:13", "urn:iso:std:iso:3166", "urn:iso:std:iso:3166:-2", "urn:iso:std:iso:4217",
			"urn:ietf:rfc:3986");

	/** Primitive types HAPI's model uses where a definition names their base type (Resource.id is an id). */
	private static final Map<String, Set<String>> SPECIALISATIONS = Map.of(
			"string", Set.of("id", "code", "markdown"),
			"uri", Set.of("url", "canonical", "oid", "uuid"),
			"integer", Set.of("positiveInt", "unsignedInt"));

	private final Definitions definitions;

	private final Set<String> resourceTypes;

	private final Resource resource;

	private String refusal;

	/** Repetitions that belong to a named slice somewhere, so that a sub-extension can be told from a stray one. */
	private final Set<Base> sliceMatched = Collections.newSetFromMap(new IdentityHashMap<>());

	private InstanceCheck(Definitions definitions, Set<String> resourceTypes, Resource resource) {
		this.definitions = definitions;
		this.resourceTypes = resourceTypes;
		this.resource = resource;
	}

	/** Empty when the resource conforms; else why it is left to the reference validator. */
	static Optional<String> run(Definitions definitions, Set<String> resourceTypes, Resource resource,
			List<String> profiles) {
		InstanceCheck check = new InstanceCheck(definitions, resourceTypes, resource);
		String type = resource.fhirType();
		List<ElementNode> nodes = new ArrayList<>();
		Optional<CompiledStructure> base = definitions.baseOf(type);
		if (base.isEmpty()) {
			return Optional.of("no compiled definition of " + type);
		}
		nodes.add(base.get().root());
		for (String url : profiles) {
			Optional<CompiledStructure> profile = definitions.structure(url);
			if (profile.isEmpty() || !type.equals(profile.get().type())) {
				return Optional.of("profile " + url + " is not compiled");
			}
			nodes.add(profile.get().root());
		}
		check.visit(resource, type, type, nodes, true);
		return Optional.ofNullable(check.refusal);
	}

	private boolean refuse(String why) {
		if (refusal == null) {
			refusal = why;
		}
		return false;
	}

	private boolean visit(Base value, String path, String type, List<ElementNode> nodes, boolean isRoot) {
		if (!checkNodes(value, path, type, nodes)) {
			return false;
		}
		if (value instanceof PrimitiveType<?> primitive) {
			return checkPrimitive(primitive, path, type);
		}
		if (value instanceof Resource && !isRoot) {
			return refuse(path + " holds a resource");
		}
		if (!checkSpecial(value, path, type, nodes)) {
			return false;
		}
		Map<String, List<Base>> children = children(value);
		if (children.isEmpty() || children.size() == 1 && children.containsKey("id")) {
			return refuse(path + " has no value"); // ele-1
		}
		for (String name : LEFT_TO_THE_REFERENCE) {
			if (children.containsKey(name)) {
				return refuse(path + "." + name + " is present");
			}
		}
		Map<String, List<List<ElementNode>>> childNodes = new LinkedHashMap<>();
		children.forEach((name, values) -> {
			List<List<ElementNode>> perValue = new ArrayList<>(values.size());
			for (int i = 0; i < values.size(); i++) {
				perValue.add(new ArrayList<>());
			}
			childNodes.put(name, perValue);
		});
		for (ElementNode node : nodes) {
			if (node.isLeaf()) {
				continue;
			}
			for (String name : children.keySet()) {
				if (!node.children.containsKey(name)) {
					return refuse(path + "." + name + " is not defined by " + node.id);
				}
			}
			for (ElementNode child : node.children.values()) {
				if (value instanceof Narrative && child.name.equals("div")) {
					continue; // NarrativeCheck has seen it
				}
				List<Base> values = children.getOrDefault(child.name, List.of());
				if (values.size() < child.min || child.max >= 0 && values.size() > child.max) {
					return refuse(path + "." + child.name + " has " + values.size() + " against " + child.id);
				}
				if (values.isEmpty()) {
					continue;
				}
				List<List<ElementNode>> perValue = childNodes.get(child.name);
				for (List<ElementNode> list : perValue) {
					list.add(child);
				}
				if (child.slicing != null && !slice(child, values, perValue, path)) {
					return false;
				}
			}
		}
		for (Base extension : children.getOrDefault("extension", List.of())) {
			if (!isAbsolute(((Extension) extension).getUrl()) && !sliceMatched.contains(extension)) {
				return refuse(path + ".extension " + ((Extension) extension).getUrl() + " is not a known sub-extension");
			}
		}
		for (Map.Entry<String, List<Base>> entry : children.entrySet()) {
			String name = entry.getKey();
			String childPath = path + "." + (name.endsWith("[x]") ? name.substring(0, name.length() - 3) : name);
			List<Base> values = entry.getValue();
			if (value instanceof Narrative && name.equals("div")) {
				continue; // checked whole, above
			}
			for (int i = 0; i < values.size(); i++) {
				Base child = values.get(i);
				String childType = typeOf(child);
				List<ElementNode> forChild = childNodes.get(name).get(i);
				if (!addDefinitionsOf(child, childType, forChild, path, type, isRoot)) {
					return false;
				}
				String next = isRoot && "id".equals(name) ? "Resource.id" : childPath;
				if (!visit(child, next, childType, dedupe(forChild), false)) {
					return false;
				}
			}
		}
		return true;
	}

	/** The datatype's own definition, the profiles its element names, and an extension's definition. */
	private boolean addDefinitionsOf(Base child, String childType, List<ElementNode> nodes, String hostPath,
			String hostType, boolean hostIsRoot) {
		if (child instanceof PrimitiveType<?> || childType.equals("BackboneElement") || childType.equals("Element")) {
			return true;
		}
		Optional<CompiledStructure> base = definitions.baseOf(childType);
		if (base.isEmpty()) {
			return refuse("no compiled definition of " + childType);
		}
		nodes.add(base.get().root());
		for (ElementNode node : List.copyOf(nodes)) {
			for (String profile : node.typeProfiles) {
				if ("Extension".equals(childType)) {
					continue; // by its url, below
				}
				Optional<CompiledStructure> structure = definitions.structure(profile);
				if (structure.isEmpty()) {
					return refuse("type profile " + profile + " is not compiled");
				}
				nodes.add(structure.get().root());
			}
		}
		if (child instanceof Extension extension && extension.hasUrl() && isAbsolute(extension.getUrl())) {
			String url = extension.getUrl();
			Optional<CompiledStructure> definition = Definitions.isCompiledFamily(url) ? definitions.structure(url)
					: Optional.empty();
			if (definition.isPresent()) {
				if (!usableOn(definition.get(), hostPath, hostType, hostIsRoot)) {
					return refuse("extension " + url + " is not for " + hostPath);
				}
				nodes.add(definition.get().root());
			}
			else if (definitions.isKnownStructure(url) || url.startsWith("http://hl7.org/")) {
				return refuse("extension " + url + " is known but not compiled, or an unknown HL7 one");
			}
		}
		return true;
	}

	private static boolean usableOn(CompiledStructure extension, String hostPath, String hostType, boolean hostIsRoot) {
		for (String context : extension.extensionContexts()) {
			if (context.equals("Element") || context.equals(hostType) || context.equals(hostPath)
					|| hostIsRoot && (context.equals("Resource") || context.equals("DomainResource"))) {
				return true;
			}
		}
		return false;
	}

	private boolean slice(ElementNode sliced, List<Base> values, List<List<ElementNode>> perValue, String path) {
		int[] counts = new int[sliced.slicing.slices().size()];
		for (int i = 0; i < values.size(); i++) {
			Base value = values.get(i);
			int matched = -1;
			for (int s = 0; s < counts.length; s++) {
				if (belongs(value, sliced.slicing.discriminators(), sliced.slicing.slices().get(s))) {
					if (matched >= 0) {
						return refuse(path + "." + sliced.name + " matches two slices");
					}
					matched = s;
				}
			}
			if (matched < 0) {
				if (sliced.slicing.closed()) {
					return refuse(path + "." + sliced.name + " matches no slice of a closed slicing");
				}
				continue;
			}
			counts[matched]++;
			perValue.get(i).add(sliced.slicing.slices().get(matched).node());
			sliceMatched.add(value);
		}
		for (int s = 0; s < counts.length; s++) {
			ElementNode node = sliced.slicing.slices().get(s).node();
			if (counts[s] < node.min || node.max >= 0 && counts[s] > node.max) {
				return refuse(path + "." + sliced.name + ":" + sliced.slicing.slices().get(s).name() + " has "
						+ counts[s]);
			}
		}
		return true;
	}

	private boolean belongs(Base value, List<Discriminator> discriminators, Slice slice) {
		for (int d = 0; d < discriminators.size(); d++) {
			Discriminator discriminator = discriminators.get(d);
			Object expected = slice.expected().get(d);
			if (discriminator.kind() == Discriminator.Kind.TYPE) {
				if (!expected.equals(typeOf(value))) {
					return false;
				}
				continue;
			}
			Base wanted = (Base) expected;
			if (valuesAt(value, discriminator.path()).stream().noneMatch(actual -> Patterns.matches(wanted, actual))) {
				return false;
			}
		}
		return true;
	}

	private static List<Base> valuesAt(Base value, String path) {
		List<Base> current = List.of(value);
		if ("$this".equals(path)) {
			return current;
		}
		for (String step : path.split("\\.")) {
			List<Base> next = new ArrayList<>();
			for (Base base : current) {
				Property property = base.getNamedProperty(step);
				if (property != null) {
					next.addAll(Patterns.nonEmpty(property.getValues()));
				}
			}
			current = next;
		}
		return current;
	}

	private boolean checkNodes(Base value, String path, String type, List<ElementNode> nodes) {
		List<Invariant> evaluated = null;
		for (ElementNode node : nodes) {
			if (node.contentReference) {
				return refuse(path + " reuses another element's definition");
			}
			if (!node.types.isEmpty() && !typeFits(node.types, type)) {
				return refuse(path + " is a " + type + ", not one of " + node.types);
			}
			if (node.fixed != null && !Patterns.equal(node.fixed, value)) {
				return refuse(path + " differs from its fixed value");
			}
			if (node.pattern != null && !Patterns.matches(node.pattern, value)) {
				return refuse(path + " does not match its pattern");
			}
			if (node.valueSet != null && !checkBinding(value, path, type, node)) {
				return false;
			}
			if (node.maxLength != null && value instanceof PrimitiveType<?> primitive
					&& primitive.getValueAsString() != null && primitive.getValueAsString().length() > node.maxLength) {
				return refuse(path + " is longer than " + node.maxLength);
			}
			if (node.referenceTargets != null && value instanceof Reference reference && reference.hasReference()) {
				if (reference.hasType() && !node.referenceTargets.contains(reference.getType())) {
					return refuse(path + " names a type " + node.id + " does not allow");
				}
				if (!isPlaceholder(reference.getReference())) {
					String target = typeNamedBy(reference.getReference());
					if (target == null || !node.referenceTargets.contains(target)) {
						return refuse(path + " points at a type " + node.id + " does not allow");
					}
				}
			}
			for (Invariant invariant : node.invariants) {
				if (ESTABLISHED.contains(invariant.key()) || isAmong(evaluated, invariant)) {
					continue;
				}
				if (evaluated == null) {
					evaluated = new ArrayList<>(2);
				}
				evaluated.add(invariant);
				if (!holds(invariant, value)) {
					return refuse(path + " breaks " + invariant.key());
				}
			}
		}
		return true;
	}

	/** The same constraint reached through two definitions (a profile and its base) is evaluated once. */
	private static boolean isAmong(List<Invariant> evaluated, Invariant invariant) {
		if (evaluated == null) {
			return false;
		}
		for (Invariant done : evaluated) {
			if (done.key().equals(invariant.key()) && done.expression().equals(invariant.expression())) {
				return true;
			}
		}
		return false;
	}

	private boolean holds(Invariant invariant, Base value) {
		try {
			return definitions.engine().evaluateToBoolean(null, resource, resource, value, invariant.parsed());
		}
		catch (RuntimeException e) {
			return false;
		}
	}

	private static boolean typeFits(Set<String> allowed, String type) {
		if (allowed.contains(type)) {
			return true;
		}
		if ((type.equals("BackboneElement") || type.equals("Element"))
				&& (allowed.contains("BackboneElement") || allowed.contains("Element"))) {
			return true;
		}
		for (String code : allowed) {
			if (code.startsWith("http://hl7.org/fhirpath/System.")
					|| SPECIALISATIONS.getOrDefault(code, Set.of()).contains(type)) {
				return true;
			}
		}
		return false;
	}

	private boolean checkBinding(Base value, String path, String type, ElementNode node) {
		boolean enforced = node.bindingStrength == BindingStrength.REQUIRED
				|| node.bindingStrength == BindingStrength.EXTENSIBLE;
		if (!enforced && !type.equals("code")) {
			return true;
		}
		Optional<CodeSet> codes = definitions.valueSet(node.valueSet);
		if (codes.isEmpty()) {
			return refuse(path + " is bound to " + node.valueSet + ", which cannot be enumerated here");
		}
		boolean member = switch (type) {
			case "code" -> codes.get().codes().contains(value.primitiveValue());
			case "Coding" -> codes.get().contains(((Coding) value).getSystem(), ((Coding) value).getCode());
			case "CodeableConcept" -> ((CodeableConcept) value).getCoding()
				.stream()
				.anyMatch(coding -> codes.get().contains(coding.getSystem(), coding.getCode()));
			default -> false;
		};
		if (!member && node.bindingStrength == BindingStrength.EXTENSIBLE && !type.equals("code")
				&& codingsOf(value).stream().allMatch(coding -> coding.hasSystem()
						&& (isKnownNotHeld(definitions.codeSystem(coding.getSystem()))
								|| isHeldElsewhere(coding, codes.get())))) {
			// Outside an extensible value set, a code the server cannot look up, or a code of a code
			// system the value set does not draw on, is a warning, not an error. (The code itself is
			// checked against its code system as every coding is.)
			return true;
		}
		return member || refuse(path + " is not in " + node.valueSet);
	}

	private static List<Coding> codingsOf(Base value) {
		if (value instanceof Coding coding) {
			return List.of(coding);
		}
		return value instanceof CodeableConcept concept ? concept.getCoding() : List.of();
	}

	private boolean checkPrimitive(PrimitiveType<?> primitive, String path, String type) {
		if (primitive.hasExtension() || primitive.hasId()) {
			return refuse(path + " carries extensions");
		}
		if (type.equals("canonical") && !path.endsWith(".meta.profile") && !path.equals(MeasureReportCheck.MEASURE_PATH)) {
			return refuse(path + " is a canonical the reference validator resolves");
		}
		if (path.equals("Resource.id")) {
			String id = resource.getIdElement().getIdPart();
			return id == null || PrimitiveFormats.fits("id", new org.hl7.fhir.r4.model.IdType(id))
					|| refuse("the resource id is not a valid id");
		}
		return PrimitiveFormats.fits(type, primitive) || refuse(path + " is not a valid " + type);
	}

	private boolean checkSpecial(Base value, String path, String type, List<ElementNode> nodes) {
		if (value instanceof Narrative narrative) {
			return NarrativeCheck.fits(narrative.getDiv()) || refuse(path + " has narrative beyond plain XHTML");
		}
		if (value instanceof Coding coding) {
			return checkCoding(coding, path);
		}
		if (value instanceof Reference reference) {
			if (!reference.hasReference() || isPlaceholder(reference.getReference())) {
				return !reference.hasType() || resourceTypes.contains(reference.getType())
						|| refuse(path + " names a type that is not a resource type");
			}
			String target = typeNamedBy(reference.getReference());
			if (target == null) {
				return refuse(path + " is neither a relative literal nor a conditional reference");
			}
			// The reference validator reads a type from a reference's last path segments, which in a
			// conditional reference's query can be anything: a type beside one goes to it.
			boolean conditional = reference.getReference().indexOf('?') >= 0;
			if (reference.hasType() && (conditional || !reference.getType().equals(target))) {
				return refuse(path + " names a type other than the one its literal reference names");
			}
			return resourceTypes.contains(target) || refuse(path + " points at unknown type " + target);
		}
		if (value instanceof Extension extension) {
			if (!extension.hasUrl() || extension.hasValue() == extension.hasExtension()) {
				return refuse(path + " breaks ext-1 or has no url");
			}
			return true;
		}
		if (value instanceof Quantity quantity && quantity.hasSystem()) {
			return checkCode(quantity.getSystem(), quantity.getCode(), path);
		}
		if (value instanceof Money money && money.hasCurrency()) {
			return checkCode("urn:iso:std:iso:4217", money.getCurrency(), path);
		}
		return true;
	}

	// A display that does not match the code's is a warning of the reference validator's, not an error.
	private boolean checkCoding(Coding coding, String path) {
		if (coding.hasVersion()) {
			return refuse(path + " names a code system version");
		}
		return !coding.hasSystem() || checkCode(coding.getSystem(), coding.getCode(), path);
	}

	private boolean checkCode(String system, String code, String path) {
		if (code == null) {
			return refuse(path + " has a system without a code");
		}
		if (CHECKED_BY_SERVICES.contains(system)) {
			return definitions.codeIsAcceptable(system, code)
					|| refuse(path + " is not a valid code of " + system);
		}
		CodeSystemKnowledge knowledge = definitions.codeSystem(system);
		switch (knowledge.kind()) {
			case HELD -> {
				return knowledge.hasCode(code) || refuse(path + " has a code not in " + system);
			}
			case UNKNOWN -> {
				if (system.startsWith("http://hl7.org/") || system.startsWith("http://terminology.hl7.org/")) {
					return refuse(path + " is in an HL7 code system not held");
				}
				return true;
			}
			case ASK -> {
				return definitions.codeIsAcceptable(system, code)
						|| refuse(path + " is in " + system + ", whose terminology service does not vouch for it");
			}
			default -> {
				return refuse(path + " is in " + system + ", which cannot be checked here");
			}
		}
	}

	/** A valid code of a code system held whole that the value set takes no code from. */
	private boolean isHeldElsewhere(Coding coding, CodeSet valueSet) {
		CodeSystemKnowledge knowledge = definitions.codeSystem(coding.getSystem());
		return knowledge.kind() == CodeSystemKnowledge.Kind.HELD && knowledge.hasCode(coding.getCode())
				&& !valueSet.drawsOn(coding.getSystem());
	}

	/** Known not to be held whole; a system the lookup gave no answer for may be held, and is not. */
	private static boolean isKnownNotHeld(CodeSystemKnowledge knowledge) {
		return knowledge.kind() == CodeSystemKnowledge.Kind.UNKNOWN || knowledge.kind() == CodeSystemKnowledge.Kind.ASK;
	}

	private static Map<String, List<Base>> children(Base value) {
		Map<String, List<Base>> children = new LinkedHashMap<>();
		for (Property property : value.children()) {
			if (property.hasValues()) {
				List<Base> values = Patterns.nonEmpty(property.getValues());
				if (!values.isEmpty()) {
					children.put(property.getName(), values);
				}
			}
		}
		return children;
	}

	private static String typeOf(Base value) {
		String type = value.fhirType();
		return type.indexOf('.') >= 0 ? "BackboneElement" : type;
	}

	/**
	 * A transaction entry's reference to another entry, checked before HAPI replaces it with the id
	 * it stored that entry under: its target's type cannot be known, by the reference validator
	 * either.
	 */
	private static boolean isPlaceholder(String reference) {
		return (reference.startsWith("urn:uuid:") || reference.startsWith("urn:oid:"))
				&& reference.indexOf(' ') < 0 && reference.length() > 9;
	}

	/** The type a relative literal or a conditional reference names; null for a reference of any other form. */
	private static String typeNamedBy(String reference) {
		Matcher literal = LITERAL_REFERENCE.matcher(reference);
		if (literal.matches()) {
			return literal.group(1);
		}
		Matcher conditional = CONDITIONAL_REFERENCE.matcher(reference);
		return conditional.matches() ? conditional.group(1) : null;
	}

	private static boolean isAbsolute(String url) {
		return url != null && url.indexOf(':') > 0;
	}

	/**
	 * The nodes, each once, in order. The lists hold a handful of nodes and mostly no repeat, so they
	 * are scanned rather than hashed, and returned as they are when nothing repeats: this runs for
	 * every element of every resource written.
	 */
	private static List<ElementNode> dedupe(List<ElementNode> nodes) {
		for (int i = 1; i < nodes.size(); i++) {
			if (holdsBefore(nodes, i, nodes.get(i))) {
				List<ElementNode> unique = new ArrayList<>(nodes.size());
				for (ElementNode node : nodes) {
					if (!holdsBefore(unique, unique.size(), node)) {
						unique.add(node);
					}
				}
				return unique;
			}
		}
		return nodes;
	}

	private static boolean holdsBefore(List<ElementNode> nodes, int end, ElementNode node) {
		for (int i = 0; i < end; i++) {
			if (nodes.get(i) == node) {
				return true;
			}
		}
		return false;
	}

}
